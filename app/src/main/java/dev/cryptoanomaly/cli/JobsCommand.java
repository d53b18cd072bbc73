package dev.cryptoanomaly.cli;

import com.zaxxer.hikari.HikariDataSource;
import dev.cryptoanomaly.schedule.JobRun;
import dev.cryptoanomaly.schedule.JobScheduler;
import dev.cryptoanomaly.schedule.StandardJobs;
import dev.cryptoanomaly.store.Stores;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code jobs}: the scheduled jobs and their run history; {@code jobs run NAME} runs one now. */
@Command(
    name = "jobs",
    mixinStandardHelpOptions = true,
    subcommands = JobsCommand.Run.class,
    description = {
      "The scheduled jobs (update, features, retrain) with their next run, and the run history"
          + " (start, end, outcome, error) that every scheduler on this store records.",
      "Examples: jobs | jobs --json | jobs run update --wait 600"
    })
final class JobsCommand implements Callable<Integer> {
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  @ParentCommand Main main;

  @Option(names = "--limit", defaultValue = "20", description = "Runs listed (default 20).")
  int limit;

  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (limit < 1) {
      throw new dev.cryptoanomaly.UserException("--limit must be at least 1, got " + limit);
    }
    try (HikariDataSource pool = Stores.pool(main.settings(), "jobs")) {
      JobScheduler jobs = client(pool);
      List<JobScheduler.Status> status = jobs.status();
      List<JobRun> runs = jobs.history().recent(null, limit);
      PrintWriter out = main.out();
      if (json) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(
            "jobs",
            status.stream()
                .map(
                    s -> {
                      Map<String, Object> j = new LinkedHashMap<>();
                      j.put("job", s.job());
                      j.put("description", s.description());
                      j.put("next", s.nextRun() == null ? null : s.nextRun().toString());
                      j.put("running_on", s.running() ? s.runningOn() : null);
                      j.put("consecutive_failures", s.consecutiveFailures());
                      j.put("last", s.lastRun() == null ? null : s.lastRun().toMap());
                      return j;
                    })
                .toList());
        m.put("runs", runs.stream().map(JobRun::toMap).toList());
        out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(m));
        return 0;
      }
      out.printf("%-9s %-22s %s%n", "job", "next run (UTC)", "what it does");
      for (JobScheduler.Status s : status) {
        String next =
            s.running()
                ? "running on " + s.runningOn()
                : s.nextRun() == null ? "not scheduled" : s.nextRun().toString();
        out.printf(
            "%-9s %-22s %s%s%n",
            s.job(),
            next,
            s.description(),
            s.consecutiveFailures() > 0
                ? " [" + s.consecutiveFailures() + " failed in a row]"
                : "");
      }
      if (status.stream().allMatch(s -> s.nextRun() == null)) {
        out.println("no scheduler has run on this store yet: `crypto-anomaly serve` runs one");
      }
      out.println();
      if (runs.isEmpty()) {
        out.println("no job has run yet");
      }
      for (JobRun r : runs) {
        out.println(line(r));
      }
    }
    return 0;
  }

  private JobScheduler client(HikariDataSource pool) {
    return StandardJobs.scheduler(
        pool, main.settings(), main.clock(), JobScheduler.Options.defaults());
  }

  static String line(JobRun r) {
    return String.format(
        Locale.ROOT,
        "%s  %-8s %-9s %7s  attempt %d  %s",
        r.startedAt(),
        r.job(),
        r.outcome().id(),
        r.endedAt() == null
            ? ""
            : String.format(
                Locale.ROOT,
                "%.1fs",
                Duration.between(r.startedAt(), r.endedAt()).toMillis() / 1000.0),
        r.attempt(),
        r.error() != null ? r.error() : r.summary() == null ? "" : r.summary());
  }

  /** {@code jobs run NAME}: make a job due now and optionally wait for its run. */
  @Command(
      name = "run",
      mixinStandardHelpOptions = true,
      description =
          "Make a job due now. A running scheduler (`crypto-anomaly serve`, here or elsewhere on"
              + " the same store) runs it within seconds; --wait follows it to the end.")
  static final class Run implements Callable<Integer> {
    @ParentCommand JobsCommand jobs;

    @Parameters(index = "0", paramLabel = "JOB", description = "update, features or retrain.")
    String job;

    @Option(
        names = "--wait",
        paramLabel = "SECONDS",
        arity = "0..1",
        fallbackValue = "3600",
        description = "Wait for the run to end, at most this long (default when given: 3600).")
    Integer waitSeconds;

    @Override
    public Integer call() throws Exception {
      Main main = jobs.main;
      try (HikariDataSource pool = Stores.pool(main.settings(), "jobs")) {
        JobScheduler scheduler = jobs.client(pool);
        boolean schedulerHasRun = scheduler.schedulerHasRun();
        Instant due = scheduler.runNow(job);
        main.out().printf("%s is due now (%s)%n", job, due);
        if (!schedulerHasRun) {
          main.err()
              .println(
                  "no scheduler has ever run on this store, so nothing will run "
                      + job
                      + " until one starts: `crypto-anomaly serve` (here or on another machine"
                      + " with the same DATABASE_URL)");
          return 3;
        }
        if (waitSeconds == null) {
          return 0;
        }
        Instant deadline = due.plusSeconds(waitSeconds);
        while (main.clock().instant().isBefore(deadline)) {
          List<JobRun> last = scheduler.history().recent(job, 1);
          if (!last.isEmpty()
              && !last.get(0).startedAt().isBefore(due.minusSeconds(1))
              && last.get(0).endedAt() != null) {
            JobRun r = last.get(0);
            main.out().println(line(r));
            return r.outcome() == JobRun.Outcome.SUCCEEDED ? 0 : 1;
          }
          Thread.sleep(500);
        }
        throw new dev.cryptoanomaly.UserException(
            job
                + " did not finish within "
                + waitSeconds
                + " s; is a scheduler running (`crypto-anomaly serve`)? `crypto-anomaly jobs`"
                + " shows its state");
      }
    }
  }
}
