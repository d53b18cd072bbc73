package dev.cryptoanomaly.schedule;

/**
 * A periodic job: library code the CLI also runs, wrapped with a name, a default schedule and a
 * retry budget. {@link JobScheduler} decides when it runs and records each run.
 */
public interface ScheduledJob {
  /** The name in the store, the CLI and the dashboard. */
  String name();

  /** What it does, one line. */
  String description();

  /** When it runs unless told otherwise: a cron expression, seconds first, in UTC. */
  String defaultCron();

  /** How many times a failed run is tried again, with growing pauses, before the next schedule. */
  default int retries() {
    return 3;
  }

  /**
   * Runs once.
   *
   * @return what the run did, one line
   * @throws Exception when the run failed (it is then retried); interruption means stop now
   */
  String run() throws Exception;
}
