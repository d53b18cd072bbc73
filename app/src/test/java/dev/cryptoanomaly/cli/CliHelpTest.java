package dev.cryptoanomaly.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cryptoanomaly.config.Settings;
import dev.cryptoanomaly.testkit.Cli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command's help renders cleanly: no picocli warning (an unescaped '%' makes one). */
class CliHelpTest {
  @Test
  void everyCommandsHelpPrintsWithoutAWarning() {
    List<List<String>> commands = new ArrayList<>();
    walk(
        new CommandLine(new Main(() -> Settings.fromMap(Map.of(), Path.of("")), Clock.systemUTC())),
        new ArrayList<>(),
        commands);
    assertThat(commands).hasSizeGreaterThan(15);
    PrintStream original = System.err;
    ByteArrayOutputStream tracer = new ByteArrayOutputStream();
    try {
      System.setErr(new PrintStream(tracer, true, StandardCharsets.UTF_8));
      for (List<String> command : commands) {
        List<String> args = new ArrayList<>(command);
        args.add("--help");
        Cli.Result r = Cli.run(Map.of(), Clock.systemUTC(), args.toArray(String[]::new));
        assertThat(r.exit()).as(String.join(" ", args)).isZero();
        assertThat(r.out()).as(String.join(" ", args)).contains("Usage:");
        assertThat(r.out() + r.err()).as(String.join(" ", args)).doesNotContain("WARN");
      }
    } finally {
      System.setErr(original);
    }
    assertThat(tracer.toString(StandardCharsets.UTF_8)).doesNotContain("picocli WARN");
  }

  private static void walk(CommandLine c, List<String> path, List<List<String>> out) {
    out.add(List.copyOf(path));
    c.getSubcommands()
        .forEach(
            (name, sub) -> {
              if (!name.equals(sub.getCommandName())) {
                return; // an alias of a command already walked
              }
              List<String> next = new ArrayList<>(path);
              next.add(name);
              walk(sub, next, out);
            });
  }
}
