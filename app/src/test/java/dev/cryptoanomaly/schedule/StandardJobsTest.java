package dev.cryptoanomaly.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import dev.cryptoanomaly.binance.ArchiveFile;
import dev.cryptoanomaly.config.Settings;
import dev.cryptoanomaly.model.ModelRef;
import dev.cryptoanomaly.model.registry.Registries;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.store.Stores;
import dev.cryptoanomaly.testkit.Cli;
import dev.cryptoanomaly.testkit.FakeBinance;
import dev.cryptoanomaly.testkit.ShockedArchive;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three standard jobs run for real through the scheduler against a local archive with
 * data.binance.vision's layout: the update fetches the day that appeared, the feature refresh
 * stores its features, the retrain trains a new version and offers it to the gate; {@code jobs}
 * shows the history. A transient archive outage fails a run, and its retry succeeds.
 */
@Tag("slow")
class StandardJobsTest {
  /** The morning after the archive's last day. */
  static final Clock CLOCK = Clock.fixed(Instant.parse("2024-04-04T00:30:00Z"), ZoneOffset.UTC);

  @TempDir Path home;

  private Map<String, String> env(FakeBinance binance) {
    return Map.of(
        Settings.HOME, home.toString(),
        Settings.ARCHIVE_URL, binance.archiveUri().toString(),
        Settings.API_URL, binance.apiUri().toString());
  }

  private static JobScheduler.Options fast() {
    return new JobScheduler.Options(
        Map.of(), Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofSeconds(2));
  }

  /**
   * Makes the job due and waits for the run that ends it. The scheduler releases a run's execution
   * a moment after its history says it ended; until then, running it again is refused as "running
   * now", so that is retried.
   */
  private static JobRun runToEnd(JobScheduler scheduler, String job) {
    Instant due =
        await()
            .atMost(Duration.ofSeconds(30))
            .ignoreExceptionsInstanceOf(dev.cryptoanomaly.UserException.class)
            .until(() -> scheduler.runNow(job), java.util.Objects::nonNull);
    await()
        .atMost(Duration.ofSeconds(120))
        .until(
            () -> {
              List<JobRun> r = scheduler.history().recent(job, 1);
              return !r.isEmpty()
                  && !r.get(0).startedAt().isBefore(due.minusSeconds(1))
                  && r.get(0).outcome() != JobRun.Outcome.RUNNING;
            });
    return scheduler.history().recent(job, 1).get(0);
  }

  private static void collectTwoDays(Map<String, String> env) {
    Cli.Result collected =
        Cli.run(
            env,
            CLOCK,
            "collect",
            "--symbols",
            "BTCUSDT",
            "--interval",
            "1m",
            "--start",
            "2024-04-01",
            "--end",
            "2024-04-02");
    assertThat(collected.exit()).as(collected.err()).isZero();
  }

  private static void collectTwoDaysAndTrain(Map<String, String> env) {
    collectTwoDays(env);
    Cli.Result trained = Cli.run(env, CLOCK, "train", "--model", "kmeans", "--clusters", "2-3");
    assertThat(trained.exit()).as(trained.err()).isZero();
    assertThat(trained.out()).contains("crypto-anomaly@1 is the champion");
  }

  @Test
  void updateFeaturesAndRetrainRunThroughTheSchedulerAndShowInJobs() throws Exception {
    try (FakeBinance binance = new FakeBinance()) {
      ShockedArchive.publish(binance);
      binance.serveRest(ShockedArchive.BTC, List.of()); // nothing of today yet
      Map<String, String> env = env(binance);
      collectTwoDaysAndTrain(env);
      Settings settings = Settings.fromMap(env, home);
      try (HikariDataSource pool = Stores.pool(settings, "test");
          JobScheduler scheduler =
              new JobScheduler(pool, StandardJobs.of(settings, CLOCK), fast(), Clock.systemUTC())) {
        scheduler.start();

        JobRun update = runToEnd(scheduler, UpdateJob.NAME);
        assertThat(update.outcome()).as(update.error()).isEqualTo(JobRun.Outcome.SUCCEEDED);
        assertThat(update.summary()).isEqualTo("1 series up to date, 1,440 candles stored");
        try (KlineStore store = Stores.open(settings)) {
          assertThat(store.count(ShockedArchive.BTC)).isEqualTo(3 * 1440);
        }

        JobRun features = runToEnd(scheduler, FeatureRefreshJob.NAME);
        assertThat(features.outcome()).as(features.error()).isEqualTo(JobRun.Outcome.SUCCEEDED);
        assertThat(features.summary())
            .startsWith("features of 1 series, 2024-04-02 to 2024-04-04: 2,880 rows");

        JobRun retrain = runToEnd(scheduler, RetrainJob.NAME);
        assertThat(retrain.outcome()).as(retrain.error()).isEqualTo(JobRun.Outcome.SUCCEEDED);
        assertThat(retrain.summary())
            .startsWith(
                "crypto-anomaly: trained @2 on 2024-04-02T00:00:00Z to 2024-04-04T00:00:00Z; ");
        int champion =
            Registries.open(settings)
                .byAlias(ModelRef.DEFAULT_NAME, ModelRef.CHAMPION)
                .orElseThrow()
                .version();
        if (retrain.summary().contains("promoted over crypto-anomaly@1")) {
          assertThat(champion).isEqualTo(2);
        } else {
          assertThat(retrain.summary()).contains("crypto-anomaly@1 stays champion (refused: ");
          assertThat(champion).isEqualTo(1);
        }

        JobRun again = runToEnd(scheduler, RetrainJob.NAME);
        assertThat(again.summary())
            .isEqualTo(
                "crypto-anomaly: no candle newer than what crypto-anomaly@2 was trained on;"
                    + " crypto-anomaly@"
                    + champion
                    + " stays champion");

        // The drift check: past its level it goes through the same gated retrain.
        JobRun drift = runToEnd(scheduler, DriftJob.NAME);
        assertThat(drift.outcome()).as(drift.error()).isEqualTo(JobRun.Outcome.SUCCEEDED);
        assertThat(drift.summary())
            .matches(
                "crypto-anomaly@"
                    + champion
                    + ": worst PSI [0-9.e-]+ \\((stable|moderate|significant)\\).*");
        Map<String, String> low = new java.util.HashMap<>(env);
        low.put(Settings.DRIFT_RETRAIN_PSI, "0.001");
        assertThat(new DriftJob(Settings.fromMap(low, home), CLOCK).run())
            .contains(", past 0.001: crypto-anomaly: no candle newer than what crypto-anomaly@2");
        Map<String, String> high = new java.util.HashMap<>(env);
        high.put(Settings.DRIFT_RETRAIN_PSI, "1000");
        assertThat(new DriftJob(Settings.fromMap(high, home), CLOCK).run()).doesNotContain("past");
        high.put(Settings.DRIFT_RETRAIN_PSI, "-1");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Settings.fromMap(high, home))
            .hasMessage("CRYPTO_ANOMALY_DRIFT__RETRAIN_PSI must be a number above 0, got '-1'");
      }

      Cli.Result jobs = Cli.run(env, CLOCK, "jobs");
      assertThat(jobs.exit()).as(jobs.err()).isZero();
      assertThat(jobs.out())
          .contains("update    ")
          .contains("1 series up to date, 1,440 candles stored")
          .contains("retrain  succeeded");
      JsonNode json = new ObjectMapper().readTree(Cli.run(env, CLOCK, "jobs", "--json").out());
      assertThat(json.get("jobs")).hasSize(4);
      assertThat(json.get("runs")).hasSize(5);
      assertThat(json.get("runs").get(0).get("job").asText()).isEqualTo("drift");
      assertThat(json.get("jobs").get(0).get("next").asText()).isNotBlank();

      Cli.Result runAgain = Cli.run(env, CLOCK, "jobs", "run", "update");
      assertThat(runAgain.exit()).as(runAgain.err()).isZero();
      assertThat(runAgain.out()).contains("update is due now");
    }
  }

  @Test
  void runningAJobOnAStoreNoSchedulerHasSeenSaysNothingWillRunIt(@TempDir Path home) {
    Map<String, String> env = Map.of("CRYPTO_ANOMALY_HOME", home.toString());
    Cli.Result r = Cli.run(env, CLOCK, "jobs", "run", "update", "--wait", "5");
    assertThat(r.exit()).isEqualTo(3);
    assertThat(r.out()).contains("update is due now");
    assertThat(r.err())
        .contains("no scheduler has ever run on this store, so nothing will run update")
        .contains("crypto-anomaly serve");
    Cli.Result jobs = Cli.run(env, CLOCK, "jobs");
    assertThat(jobs.out()).contains("update ");
  }

  @Test
  void anArchiveOutageFailsTheUpdateAndItsRetrySucceeds() throws Exception {
    try (FakeBinance binance = new FakeBinance()) {
      ShockedArchive.publish(binance);
      binance.serveRest(ShockedArchive.BTC, List.of());
      Map<String, String> env = env(binance);
      collectTwoDays(env);
      // one run's worth of failures: the first try and the downloader's four retries
      String day3 = ArchiveFile.daily(ShockedArchive.BTC, ShockedArchive.LAST).path();
      binance.failTimes(day3, 5);
      Settings settings = Settings.fromMap(env, home);
      try (HikariDataSource pool = Stores.pool(settings, "test");
          JobScheduler scheduler =
              new JobScheduler(pool, StandardJobs.of(settings, CLOCK), fast(), Clock.systemUTC())) {
        scheduler.start();
        scheduler.runNow(UpdateJob.NAME);
        await()
            .atMost(Duration.ofSeconds(120))
            .until(
                () -> {
                  List<JobRun> r = scheduler.history().recent(UpdateJob.NAME, 1);
                  return !r.isEmpty() && r.get(0).outcome() == JobRun.Outcome.SUCCEEDED;
                });
        List<JobRun> runs = scheduler.history().recent(UpdateJob.NAME, 10).reversed();
        assertThat(runs)
            .extracting(JobRun::outcome)
            .containsExactly(JobRun.Outcome.FAILED, JobRun.Outcome.SUCCEEDED);
        assertThat(runs.get(0).error())
            .contains("BTCUSDT-1m-2024-04-03.zip answered HTTP 500 after repeated attempts")
            .endsWith("nothing from it was stored, the next run tries it again");
        assertThat(runs.get(1).attempt()).isEqualTo(2);
        assertThat(runs.get(1).summary()).isEqualTo("1 series up to date, 1,440 candles stored");
      }
    }
  }
}
