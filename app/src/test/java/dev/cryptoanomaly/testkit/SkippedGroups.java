package dev.cryptoanomaly.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Counts the tests {@link Unavailable} skipped, by group and reason, and writes them to {@code
 * target/skipped-groups.txt}, which the build prints as its last lines (surefire's own summary says
 * only "Skipped: N"). Registered through {@code META-INF/services}.
 */
public final class SkippedGroups implements TestExecutionListener {
  static final Path REPORT = Path.of("target", "skipped-groups.txt");
  private final Map<String, LongAdder> skipped = new ConcurrentHashMap<>();

  @Override
  public void testPlanExecutionStarted(TestPlan plan) {
    skipped.clear();
  }

  @Override
  public void executionFinished(TestIdentifier test, TestExecutionResult result) {
    if (result.getStatus() != TestExecutionResult.Status.ABORTED) {
      return;
    }
    String message = result.getThrowable().map(Throwable::getMessage).orElse("");
    if (message != null && message.startsWith(Unavailable.PREFIX)) {
      String reason = message.substring(Unavailable.PREFIX.length()).lines().findFirst().orElse("");
      skipped.computeIfAbsent(reason, r -> new LongAdder()).increment();
    }
  }

  @Override
  public void testPlanExecutionFinished(TestPlan plan) {
    if (skipped.isEmpty()) {
      return;
    }
    StringBuilder out = new StringBuilder();
    new TreeMap<>(skipped)
        .forEach(
            (reason, n) ->
                out.append("SKIPPED ")
                    .append(n.sum())
                    .append(n.sum() == 1 ? " test, " : " tests, ")
                    .append(reason)
                    .append('\n'));
    try {
      Files.createDirectories(REPORT.getParent());
      Files.writeString(
          REPORT,
          out,
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      System.err.print(out);
    }
  }
}
