package dev.cryptoanomaly.schedule;

import java.time.Instant;

/**
 * One run of a scheduled job as the history keeps it: which instance ran which attempt of which
 * scheduled time, when it started and ended, and what came of it.
 *
 * @param endedAt null while running
 * @param summary what the run did, one line; null when it failed
 * @param error why it failed, one line; null when it succeeded
 */
public record JobRun(
    long id,
    String job,
    String instance,
    int attempt,
    Instant scheduledFor,
    Instant startedAt,
    Instant endedAt,
    Outcome outcome,
    String summary,
    String error) {

  /** Where a run stands. */
  public enum Outcome {
    RUNNING,
    SUCCEEDED,
    FAILED;

    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
