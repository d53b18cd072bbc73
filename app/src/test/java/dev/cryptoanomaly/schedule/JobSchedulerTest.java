package dev.cryptoanomaly.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.cryptoanomaly.UserException;
import dev.cryptoanomaly.config.Settings;
import dev.cryptoanomaly.store.Stores;
import dev.cryptoanomaly.store.postgres.PostgresUrl;
import dev.cryptoanomaly.testkit.TestPostgres;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scheduler on a real store: each run once across instances, retries, history, schedules. */
@Tag("slow")
class JobSchedulerTest {
  @TempDir Path home;

  /** A job that counts its runs and fails its first {@code failures} runs. */
  private static final class CountingJob implements ScheduledJob {
    final AtomicInteger runs = new AtomicInteger();
    private final String cron;
    private final int failures;
    private final int retries;

    CountingJob(String cron, int failures, int retries) {
      this.cron = cron;
      this.failures = failures;
      this.retries = retries;
    }

    @Override
    public String name() {
      return "count";
    }

    @Override
    public String description() {
      return "counts its runs";
    }

    @Override
    public String defaultCron() {
      return cron;
    }

    @Override
    public int retries() {
      return retries;
    }

    @Override
    public String run() throws InterruptedException {
      int n = runs.incrementAndGet();
      Thread.sleep(150); // long enough for the other instance to try the same run
      if (n <= failures) {
        throw new UserException("failure " + n + " of " + failures);
      }
      return "run " + n;
    }
  }

  private static JobScheduler.Options fast(Duration firstRetry) {
    return new JobScheduler.Options(
        Map.of(), Duration.ofMillis(100), firstRetry, Duration.ofSeconds(5));
  }

  private static JobScheduler.Options schedule(String job, String cron) {
    return new JobScheduler.Options(
        Map.of(job, cron), Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(1));
  }

  private Settings embedded() {
    return Settings.fromMap(Map.of(), home).withHome(home);
  }

  @Test
  void twoInstancesOnOneEmbeddedStoreRunEachScheduledTimeOnce() throws Exception {
    eachScheduledTimeRunsOnce(embedded());
  }

  @Test
  @Tag("postgres")
  void twoInstancesOnOnePostgresStoreRunEachScheduledTimeOnce() throws Exception {
    PostgresUrl db = TestPostgres.createDatabase();
    try {
      String url = TestPostgres.databaseUrl(db);
      eachScheduledTimeRunsOnce(
          Settings.fromMap(Map.of(Settings.DATABASE_URL, url), home).withHome(home));
    } finally {
      TestPostgres.dropDatabase(db);
    }
  }

  private static void eachScheduledTimeRunsOnce(Settings settings) throws Exception {
    CountingJob a = new CountingJob("* * * * * *", 0, 0);
    CountingJob b = new CountingJob("* * * * * *", 0, 0);
    try (HikariDataSource first = Stores.pool(settings, "first");
        HikariDataSource second = Stores.pool(settings, "second");
        JobScheduler one =
            new JobScheduler(first, List.of(a), fast(Duration.ofSeconds(1)), Clock.systemUTC());
        JobScheduler two =
            new JobScheduler(second, List.of(b), fast(Duration.ofSeconds(1)), Clock.systemUTC())) {
      one.start();
      two.start();
      await().atMost(Duration.ofSeconds(30)).until(() -> a.runs.get() + b.runs.get() >= 6);
      one.close();
      two.close();
      List<JobRun> runs = one.history().recent("count", 1000);
      assertThat(runs).hasSize(a.runs.get() + b.runs.get());
      assertThat(runs).allMatch(r -> r.outcome() == JobRun.Outcome.SUCCEEDED);
      Map<Instant, Long> perTime =
          runs.stream().collect(Collectors.groupingBy(JobRun::scheduledFor, Collectors.counting()));
      assertThat(perTime.values()).as("runs per scheduled time").containsOnly(1L);
      assertThat(runs).allMatch(r -> r.endedAt() != null && !r.endedAt().isBefore(r.startedAt()));
    }
  }

  @Test
  void aFailedRunIsRetriedWithGrowingPausesThenWaitsForTheNextScheduledTime() {
    CountingJob job = new CountingJob("0 0 0 1 1 *", Integer.MAX_VALUE, 2);
    try (HikariDataSource ds = Stores.pool(embedded(), "test");
        JobScheduler scheduler =
            new JobScheduler(ds, List.of(job), fast(Duration.ofMillis(400)), Clock.systemUTC())) {
      scheduler.start();
      scheduler.runNow("count");
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  scheduler.history().recent("count", 10).stream()
                          .filter(r -> r.outcome() == JobRun.Outcome.FAILED)
                          .count()
                      == 3);
      List<JobRun> runs = scheduler.history().recent("count", 10).reversed();
      assertThat(runs).extracting(JobRun::attempt).containsExactly(1, 2, 3);
      assertThat(runs)
          .extracting(JobRun::error)
          .containsExactly(
              "failure 1 of " + Integer.MAX_VALUE,
              "failure 2 of " + Integer.MAX_VALUE,
              "failure 3 of " + Integer.MAX_VALUE);
      assertThat(Duration.between(runs.get(0).endedAt(), runs.get(1).startedAt()))
          .isGreaterThanOrEqualTo(Duration.ofMillis(400));
      assertThat(Duration.between(runs.get(1).endedAt(), runs.get(2).startedAt()))
          .isGreaterThanOrEqualTo(Duration.ofMillis(800));
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                JobScheduler.Status s = scheduler.status().get(0);
                assertThat(s.consecutiveFailures()).isEqualTo(3);
                assertThat(s.nextRun()).isAfter(Instant.now().plus(Duration.ofHours(1)));
                assertThat(s.lastRun().outcome()).isEqualTo(JobRun.Outcome.FAILED);
              });
      assertThat(job.runs.get()).isEqualTo(3);
    }
  }

  @Test
  void aRetryThatSucceedsEndsTheFailureStreak() {
    CountingJob job = new CountingJob("0 0 0 1 1 *", 1, 3);
    try (HikariDataSource ds = Stores.pool(embedded(), "test");
        JobScheduler scheduler =
            new JobScheduler(ds, List.of(job), fast(Duration.ofMillis(200)), Clock.systemUTC())) {
      scheduler.start();
      scheduler.runNow("count");
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                List<JobRun> r = scheduler.history().recent("count", 1);
                return !r.isEmpty() && r.get(0).outcome() == JobRun.Outcome.SUCCEEDED;
              });
      List<JobRun> runs = scheduler.history().recent("count", 10).reversed();
      assertThat(runs)
          .extracting(JobRun::outcome)
          .containsExactly(JobRun.Outcome.FAILED, JobRun.Outcome.SUCCEEDED);
      assertThat(runs.get(1).summary()).isEqualTo("run 2");
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> assertThat(scheduler.status().get(0).consecutiveFailures()).isZero());
    }
  }

  @Test
  void schedulesCanBeChangedOrTurnedOffAndBadOnesAreRefusedInOneLine() {
    CountingJob job = new CountingJob("0 0 0 1 1 *", 0, 0);
    try (HikariDataSource ds = Stores.pool(embedded(), "test")) {
      try (JobScheduler off =
          new JobScheduler(ds, List.of(job), schedule("count", "off"), Clock.systemUTC())) {
        off.start();
        JobScheduler.Status s = off.status().get(0);
        assertThat(s.schedule()).isEqualTo("off");
        assertThat(s.nextRun()).isNull();
      }
      try (JobScheduler hourly =
          new JobScheduler(
              ds, List.of(job), schedule("count", "0 15 * * * *"), Clock.systemUTC())) {
        hourly.start();
        await()
            .atMost(Duration.ofSeconds(10))
            .untilAsserted(
                () -> {
                  JobScheduler.Status s = hourly.status().get(0);
                  assertThat(s.schedule()).isEqualTo("0 15 * * * * (UTC)");
                  assertThat(s.nextRun()).isNotNull();
                  assertThat(s.nextRun().getEpochSecond() % 3600).isEqualTo(15 * 60);
                });
      }
      assertThatThrownBy(
              () ->
                  new JobScheduler(
                      ds, List.of(job), schedule("count", "every hour"), Clock.systemUTC()))
          .isInstanceOf(UserException.class)
          .hasMessage(
              "the schedule of job 'count' is not a cron expression (seconds minutes hours day"
                  + " month weekday) or off: 'every hour'");
      assertThatThrownBy(
              () ->
                  new JobScheduler(ds, List.of(job), schedule("nightly", "off"), Clock.systemUTC()))
          .isInstanceOf(UserException.class)
          .hasMessage("unknown job 'nightly' in --schedule (jobs: count)");
      try (JobScheduler client =
          new JobScheduler(ds, List.of(job), fast(Duration.ofSeconds(1)), Clock.systemUTC())) {
        assertThatThrownBy(() -> client.runNow("nightly"))
            .isInstanceOf(UserException.class)
            .hasMessage("unknown job 'nightly' (jobs: count)");
      }
    }
  }
}
