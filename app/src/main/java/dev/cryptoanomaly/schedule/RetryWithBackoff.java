package dev.cryptoanomaly.schedule;

import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.ExecutionOperations;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.schedule.Schedule;
import java.time.Duration;
import java.time.Instant;

/**
 * After a failed run: try again after {@code first}, then twice as long each time, up to {@code
 * retries} times; after that wait for the next scheduled time. A later failure starts a new round
 * of retries, so one bad day does not disable retries for good.
 */
final class RetryWithBackoff implements FailureHandler<Void> {
  private final Schedule schedule;
  private final int retries;
  private final Duration first;
  private final Duration longest;

  RetryWithBackoff(Schedule schedule, int retries, Duration first, Duration longest) {
    this.schedule = schedule;
    this.retries = retries;
    this.first = first;
    this.longest = longest;
  }

  /** The attempt number (1 = the scheduled run) of a run after these consecutive failures. */
  static int attempt(int consecutiveFailures, int retries) {
    return consecutiveFailures % (retries + 1) + 1;
  }

  /** The pause before retry {@code n} (1-based). */
  Duration pause(int n) {
    Duration d = first.multipliedBy(1L << Math.min(n - 1, 20));
    return d.compareTo(longest) > 0 ? longest : d;
  }

  @Override
  public void onFailure(ExecutionComplete complete, ExecutionOperations<Void> operations) {
    int attempt = attempt(complete.getExecution().consecutiveFailures, retries);
    Instant next =
        attempt <= retries
            ? complete.getTimeDone().plus(pause(attempt))
            : schedule.getNextExecutionTime(complete);
    operations.reschedule(complete, next);
  }
}
