package dev.cryptoanomaly.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.cryptoanomaly.config.Settings;
import dev.cryptoanomaly.model.ModelRef;
import dev.cryptoanomaly.schedule.FeatureRefreshJob;
import dev.cryptoanomaly.schedule.JobRun;
import dev.cryptoanomaly.schedule.JobScheduler;
import dev.cryptoanomaly.schedule.StandardJobs;
import dev.cryptoanomaly.store.Stores;
import dev.cryptoanomaly.stream.DetectionWorker;
import dev.cryptoanomaly.stream.ResidentWorker;
import dev.cryptoanomaly.testkit.Cli;
import dev.cryptoanomaly.testkit.FakeBinance;
import dev.cryptoanomaly.testkit.ShockedArchive;
import dev.cryptoanomaly.testkit.TestDashboard;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard as {@code serve} runs it: the Overview shows the scheduler's jobs and history and
 * Run now runs a job; the Live page's replay is decided by the resident worker.
 */
@Tag("slow")
class ServeServicesTest {
  @TempDir Path home;

  @Test
  void scheduleRunNowAndAReplayDecidedByTheResidentWorker() throws Exception {
    try (FakeBinance binance = new FakeBinance()) {
      long shock = ShockedArchive.publish(binance);
      Map<String, String> env =
          Map.of(
              Settings.HOME, home.toString(),
              Settings.ARCHIVE_URL, binance.archiveUri().toString(),
              Settings.API_URL, binance.apiUri().toString());
      Cli.Result collected =
          Cli.run(
              env,
              Clock.systemUTC(),
              "collect",
              "--symbols",
              "BTCUSDT",
              "--interval",
              "1m",
              "--start",
              "2024-04-01",
              "--end",
              "2024-04-03");
      assertThat(collected.exit()).as(collected.err()).isZero();
      Cli.Result trained =
          Cli.run(env, Clock.systemUTC(), "train", "--model", "kmeans", "--clusters", "2");
      assertThat(trained.exit()).as(trained.err()).isZero();

      Settings settings = Settings.fromMap(env, home);
      Clock clock = Clock.systemUTC();
      JobScheduler.Options options =
          new JobScheduler.Options(
              Map.of(), Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(5));
      try (HikariDataSource pool = Stores.pool(settings, "serve");
          JobScheduler scheduler = StandardJobs.scheduler(pool, settings, clock, options);
          ResidentWorker worker =
              new ResidentWorker(
                  settings,
                  "serve-test",
                  List.of(),
                  DetectionWorker.Options.defaults(
                      ModelRef.parse(ModelRef.DEFAULT_NAME + "@" + ModelRef.CHAMPION)),
                  clock);
          TestDashboard d =
              new TestDashboard(settings, clock, new DashboardServices(scheduler, worker))) {
        scheduler.start();
        Map<String, Object> schedule = d.get("/api/schedule").json();
        assertThat(schedule.get("here")).isEqualTo(true);
        assertThat(schedule.get("jobs").toString())
            .contains("job=update")
            .contains("schedule=0 7 * * * * (UTC)")
            .contains("job=features")
            .contains("job=retrain");

        TestDashboard.Reply due = d.post("/api/schedule/features/run", Map.of());
        assertThat(due.status()).isEqualTo(200);
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () -> {
                  List<JobRun> r = scheduler.history().recent(FeatureRefreshJob.NAME, 1);
                  return !r.isEmpty() && r.get(0).outcome() == JobRun.Outcome.SUCCEEDED;
                });
        String overview = d.get("/").body();
        assertThat(overview)
            .contains("Scheduled jobs")
            .contains("data-job=\"retrain\"")
            .contains("features of 1 series");
        TestDashboard.Reply unknown = d.post("/api/schedule/nightly/run", Map.of());
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("error"))
            .isEqualTo("unknown job 'nightly' (jobs: update, features, retrain, drift)");

        Map<String, Object> replay =
            d.runJob(
                "/api/live/start",
                Map.of(
                    "symbols",
                    "BTCUSDT",
                    "start",
                    "2024-04-01",
                    "end",
                    "2024-04-03",
                    "speed",
                    "max"),
                Duration.ofSeconds(60));
        assertThat(replay.get("state")).as(replay.toString()).isEqualTo("succeeded");
        assertThat(((Map<?, ?>) replay.get("result")).get("published")).isEqualTo(4320);
        assertThat(worker.stats().handled.sum()).isEqualTo(4320);
        Map<String, Object> view = d.get("/api/live/view?symbol=BTCUSDT&interval=1m").json();
        assertThat((List<?>) view.get("decisions")).hasSize(LiveFeed.WINDOW);
        assertThat(view.get("anomalies").toString()).contains("time=" + shock);
      }
    }
  }
}
