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

  /** The run as the CLI's JSON and the dashboard show it. */
  public java.util.Map<String, Object> toMap() {
    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("id", id);
    m.put("job", job);
    m.put("outcome", outcome.id());
    m.put("attempt", attempt);
    m.put("instance", instance);
    m.put("scheduled", scheduledFor.toString());
    m.put("started", startedAt.toString());
    m.put("ended", endedAt == null ? null : endedAt.toString());
    m.put(
        "seconds",
        endedAt == null
            ? null
            : java.time.Duration.between(startedAt, endedAt).toMillis() / 1000.0);
    m.put("summary", summary);
    m.put("error", error);
    return m;
  }

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
