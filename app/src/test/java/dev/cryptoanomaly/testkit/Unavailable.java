package dev.cryptoanomaly.testkit;

import static org.assertj.core.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;

/**
 * What a test does when a server or tool it needs is missing. Under {@code CI=true} ({@code
 * .ci/run} starts everything) the test fails; elsewhere it is skipped, and {@link SkippedGroups}
 * lists the group and the reason last, so that a fresh machine's run never passes silently short.
 */
public final class Unavailable {
  static final String PREFIX = "unavailable: ";

  private Unavailable() {}

  /**
   * Fails under CI, else aborts the test.
   *
   * @param group what is missing, as the summary groups it ("PostgreSQL", "Redis", ...)
   */
  public static void require(String group, String why) {
    String message = PREFIX + group + ": " + why;
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail(message);
    }
    Assumptions.abort(message);
  }
}
