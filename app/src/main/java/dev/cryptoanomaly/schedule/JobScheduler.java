package dev.cryptoanomaly.schedule;

import com.github.kagkarlsson.scheduler.ScheduledExecution;
import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.Execution;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedule;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import dev.cryptoanomaly.Messages;
import dev.cryptoanomaly.UserException;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the periodic jobs with db-scheduler, whose state lives in the store's {@code
 * scheduled_tasks} table: an instance claims a due run by bumping the row's version, so however
 * many instances share a store, each scheduled run happens once. Every run is recorded in {@link
 * JobHistory}; a failed run is retried with growing pauses ({@link RetryWithBackoff}).
 */
public final class JobScheduler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JobScheduler.class);

  /**
   * How the scheduler runs.
   *
   * @param cron per job name, a cron expression (seconds first, UTC) or {@code off}; jobs not named
   *     keep their default
   * @param polling how often the store is checked for due runs
   * @param firstRetry the pause before the first retry of a failed run; it doubles each time
   */
  public record Options(
      Map<String, String> cron, Duration polling, Duration firstRetry, Duration longestRetry) {
    public Options {
      cron = Map.copyOf(cron);
    }

    public static Options defaults() {
      return new Options(
          Map.of(), Duration.ofSeconds(10), Duration.ofMinutes(1), Duration.ofHours(1));
    }

    /** The same options with these schedules instead. */
    public Options withCron(Map<String, String> other) {
      return new Options(other, polling, firstRetry, longestRetry);
    }
  }

  /** A job as {@code jobs} and the dashboard show it. */
  public record Status(
      String job,
      String description,
      String schedule,
      Instant nextRun,
      boolean running,
      String runningOn,
      int consecutiveFailures,
      JobRun lastRun) {}

  private final List<ScheduledJob> jobs;
  private final Map<String, RecurringTask<Void>> tasks = new LinkedHashMap<>();
  private final Map<String, String> schedules = new LinkedHashMap<>();
  private final JobHistory history;
  private final SchedulerClient client;
  private final DataSource dataSource;
  private final Options options;
  private Scheduler scheduler;
  private final String instance;
  private final Clock clock;

  /** Ready to read and trigger jobs; {@link #start()} also runs them in this process. */
  public JobScheduler(
      DataSource dataSource, List<ScheduledJob> jobs, Options options, Clock clock) {
    this.jobs = List.copyOf(jobs);
    this.clock = clock;
    this.history = new JobHistory(dataSource);
    this.instance = instanceName();
    for (String name : options.cron().keySet()) {
      if (jobs.stream().noneMatch(j -> j.name().equals(name))) {
        throw unknownJob(name, " in --schedule");
      }
    }
    for (ScheduledJob job : jobs) {
      String cron = options.cron().getOrDefault(job.name(), job.defaultCron()).strip();
      Schedule schedule = schedule(job.name(), cron);
      schedules.put(job.name(), schedule.isDisabled() ? "off" : cron + " (UTC)");
      tasks.put(
          job.name(),
          Tasks.recurring(job.name(), schedule)
              .onFailure(
                  new RetryWithBackoff(
                      schedule, job.retries(), options.firstRetry(), options.longestRetry()))
              .execute((taskInstance, context) -> runOnce(job, context.getExecution())));
    }
    List<Task<?>> all = new ArrayList<>(tasks.values());
    this.client = SchedulerClient.Builder.create(dataSource, all).build();
    this.dataSource = dataSource;
    this.options = options;
  }

  private static Schedule schedule(String job, String cron) {
    if (cron.equalsIgnoreCase("off")) {
      return Schedules.parseSchedule("-");
    }
    try {
      return Schedules.cron(cron, ZoneOffset.UTC);
    } catch (RuntimeException e) {
      throw new UserException(
          "the schedule of job '"
              + job
              + "' is not a cron expression (seconds minutes hours day month weekday) or off: '"
              + cron
              + "'",
          e);
    }
  }

  private static String instanceName() {
    String name = ManagementFactory.getRuntimeMXBean().getName();
    return name.length() > 50 ? name.substring(0, 50) : name;
  }

  /** A failure as one line: a user-facing message as it is, anything else with its type. */
  public static String describe(Throwable e) {
    if (e instanceof UserException) {
      return Messages.oneLine(e.getMessage());
    }
    return Messages.oneLine(e.getClass().getSimpleName() + ": " + Messages.rootMessage(e));
  }

  private void runOnce(ScheduledJob job, Execution execution) {
    int attempt = RetryWithBackoff.attempt(execution.consecutiveFailures, job.retries());
    long id =
        history.started(job.name(), instance, attempt, execution.executionTime, clock.instant());
    LOG.info("job {} started (attempt {})", job.name(), attempt);
    try {
      String summary = job.run();
      history.finished(id, JobRun.Outcome.SUCCEEDED, summary, null, clock.instant());
      LOG.info("job {} succeeded: {}", job.name(), summary);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      String error = describe(e);
      history.finished(id, JobRun.Outcome.FAILED, null, error, clock.instant());
      if (e instanceof UserException) {
        LOG.warn("job {} failed: {}", job.name(), error);
      } else {
        LOG.warn("job {} failed", job.name(), e);
      }
      throw new JobFailedException(job.name(), error, e);
    }
  }

  /** What db-scheduler sees of a failed run; the history has already recorded it. */
  static final class JobFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    JobFailedException(String job, String error, Throwable cause) {
      super("job " + job + " failed: " + error, cause);
    }
  }

  /** Starts claiming and running due jobs. */
  public synchronized void start() {
    if (scheduler != null) {
      return;
    }
    scheduler =
        Scheduler.create(dataSource, List.of()) // the start tasks are its known tasks
            .startTasks(new ArrayList<>(tasks.values()))
            .pollingInterval(options.polling())
            .heartbeatInterval(Duration.ofSeconds(30))
            .schedulerName(new SchedulerName.Fixed(instance))
            .threads(Math.max(1, jobs.size()))
            .shutdownMaxWait(Duration.ofSeconds(10))
            .enableImmediateExecution()
            .build();
    scheduler.start();
  }

  /** This instance's name in the history and in {@code scheduled_tasks.picked_by}. */
  public String instance() {
    return instance;
  }

  public JobHistory history() {
    return history;
  }

  /** The job names, in order. */
  public List<String> names() {
    return jobs.stream().map(ScheduledJob::name).toList();
  }

  /**
   * Makes a job due now; a running scheduler instance (this one or another on the same store) runs
   * it within its polling interval.
   */
  public Instant runNow(String name) {
    RecurringTask<Void> task = tasks.get(name);
    if (task == null) {
      throw unknownJob(name, "");
    }
    Instant now = clock.instant();
    TaskInstanceId id = TaskInstanceId.of(name, RecurringTask.INSTANCE);
    Optional<ScheduledExecution<Object>> current = client.getScheduledExecution(id);
    if (current.isPresent() && current.get().isPicked()) {
      throw new UserException(
          "job '" + name + "' is running now on " + current.get().getPickedBy());
    }
    if (current.isPresent()) {
      client.reschedule(id, now);
    } else {
      client.schedule(task.instance(RecurringTask.INSTANCE), now);
    }
    synchronized (this) {
      if (scheduler != null) {
        scheduler.triggerCheckForDueExecutions();
      }
    }
    return now;
  }

  private UserException unknownJob(String name, String where) {
    return new UserException(
        "unknown job '" + name + "'" + where + " (jobs: " + String.join(", ", names()) + ")");
  }

  /**
   * Whether a scheduler has ever started on this store: a starting instance enters every recurring
   * job's next execution, so a store without any has had none, and a job made due will not run
   * until one starts.
   */
  public boolean schedulerHasRun() {
    java.util.Set<String> ours = new java.util.HashSet<>(names());
    boolean[] seen = {false};
    client.fetchScheduledExecutions(
        com.github.kagkarlsson.scheduler.ScheduledExecutionsFilter.all(),
        e -> seen[0] |= ours.contains(e.getTaskInstance().getTaskName()));
    return seen[0] || !history.recent(null, 1).isEmpty();
  }

  /** Every job with its schedule, next run and last run. */
  public List<Status> status() {
    Map<String, ScheduledExecution<Object>> executions = new LinkedHashMap<>();
    client.fetchScheduledExecutions(
        com.github.kagkarlsson.scheduler.ScheduledExecutionsFilter.all(),
        e -> executions.put(e.getTaskInstance().getTaskName(), e));
    List<Status> out = new ArrayList<>();
    for (ScheduledJob job : jobs) {
      ScheduledExecution<Object> e = executions.get(job.name());
      List<JobRun> last = history.recent(job.name(), 1);
      out.add(
          new Status(
              job.name(),
              job.description(),
              schedules.get(job.name()),
              e == null ? null : e.getExecutionTime(),
              e != null && e.isPicked(),
              e == null ? null : e.getPickedBy(),
              e == null ? 0 : e.getConsecutiveFailures(),
              last.isEmpty() ? null : last.get(0)));
    }
    return out;
  }

  /** Stops claiming jobs; a running job is interrupted after a short grace period. */
  @Override
  public synchronized void close() {
    if (scheduler != null) {
      scheduler.stop();
      scheduler = null;
    }
  }
}
