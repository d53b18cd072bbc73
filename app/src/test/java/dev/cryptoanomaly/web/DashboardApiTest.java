package dev.cryptoanomaly.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cryptoanomaly.UserException;
import dev.cryptoanomaly.config.Settings;
import dev.cryptoanomaly.testkit.FakeBinance;
import dev.cryptoanomaly.testkit.ShockedArchive;
import dev.cryptoanomaly.testkit.TestDashboard;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JSON API behind every page, end to end on a real server: the empty state, the whole flow from
 * download to live replay, input validation, and the access rules.
 */
@Tag("slow")
class DashboardApiTest {
  @TempDir Path home;

  private Settings settings(FakeBinance binance) {
    return settings(binance, Map.of());
  }

  private Settings settings(FakeBinance binance, Map<String, String> env) {
    Settings s = Settings.fromMap(env, home).withHome(home);
    return binance == null
        ? s
        : s.withBinance(binance.archiveUri(), binance.apiUri(), URI.create("ws://127.0.0.1:1"));
  }

  @Test
  void theLivePageSaysWhichBusDecidesWhenOneIsSet() {
    try (TestDashboard d = new TestDashboard(settings(null), Clock.systemUTC())) {
      assertThat(d.get("/live").body()).doesNotContain("is set: candles go to");
    }
    // The page only names the settings: no broker or Redis server is reached to render it.
    try (TestDashboard d =
        new TestDashboard(
            settings(
                null,
                Map.of(
                    Settings.KAFKA_BOOTSTRAP_SERVERS,
                    "127.0.0.1:9",
                    Settings.REDIS_URL,
                    "redis://127.0.0.1:9")),
            Clock.systemUTC())) {
      assertThat(d.get("/live").body())
          .contains(
              "KAFKA_BOOTSTRAP_SERVERS is set: candles go to the Kafka topic"
                  + " crypto-anomaly.candles, and the workers or the Flink job you run")
          .doesNotContain("REDIS_URL is set");
    }
    try (TestDashboard d =
        new TestDashboard(
            settings(null, Map.of(Settings.REDIS_URL, "redis://127.0.0.1:9")), Clock.systemUTC())) {
      assertThat(d.get("/live").body()).contains("REDIS_URL is set: candles go to Redis Streams");
    }
  }

  @Test
  void everyPageAnswersOnAnEmptyStoreWithAHelpfulMessage() {
    try (TestDashboard d = new TestDashboard(settings(null), Clock.systemUTC())) {
      for (String page : List.of("overview", "data", "training", "evaluation", "live")) {
        TestDashboard.Reply api = d.get("/api/" + page);
        assertThat(api.status()).as(page).isEqualTo(200);
        assertThat(api.json().get("messages").toString()).as(page).isNotEqualTo("[]");
        TestDashboard.Reply html = d.get(page.equals("overview") ? "/" : "/" + page);
        assertThat(html.status()).isEqualTo(200);
        assertThat(html.body()).contains("class=\"message\"").doesNotContain("Exception");
      }
      assertThat(d.get("/api/overview").json().get("messages").toString())
          .contains("No candles stored yet")
          .contains("No model yet");
      assertThat(d.get("/api/live/view").json()).containsKey("error");
    }
  }

  @Test
  void downloadTrainEvaluatePromoteAndReplayThroughTheApi() throws Exception {
    // The Live page announces as `stream` does: here to a webhook the settings name.
    java.util.Queue<String> posted = new java.util.concurrent.ConcurrentLinkedQueue<>();
    com.sun.net.httpserver.HttpServer hook =
        com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    hook.createContext(
        "/hook",
        exchange -> {
          posted.add(
              new String(
                  exchange.getRequestBody().readAllBytes(),
                  java.nio.charset.StandardCharsets.UTF_8));
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    hook.start();
    Map<String, String> env =
        Map.of(Settings.WEBHOOK_URL, "http://127.0.0.1:" + hook.getAddress().getPort() + "/hook");
    try (FakeBinance binance = new FakeBinance();
        TestDashboard d = new TestDashboard(settings(binance, env), Clock.systemUTC())) {
      long shock = ShockedArchive.publish(binance);
      Map<String, Object> download =
          d.runJob(
              "/api/data/download",
              Map.of("symbols", "BTCUSDT", "start", "2024-04-01", "end", "2024-04-03"),
              Duration.ofSeconds(60));
      assertThat(download.get("state")).as(download.toString()).isEqualTo("succeeded");
      assertThat(download.get("result")).isEqualTo(Map.of("rows", 3 * 1440));
      List<?> coverage = (List<?>) d.get("/api/data").json().get("coverage");
      assertThat(coverage).hasSize(1);
      assertThat(coverage.toString()).contains("BTCUSDT").contains("rows=4320");

      Map<String, Object> train =
          d.runJob(
              "/api/training/train",
              Map.of("model", "kmeans", "clusters", "2-3", "features", List.of()),
              Duration.ofSeconds(120));
      assertThat(train.get("state")).as(train.toString()).isEqualTo("succeeded");
      Map<?, ?> result = (Map<?, ?>) train.get("result");
      assertThat((List<?>) result.get("trials")).hasSize(2);
      assertThat(result.get("crowned")).isEqualTo(true);
      assertThat(((Map<?, ?>) result.get("model")).get("ref")).isEqualTo("crypto-anomaly@1");
      // Shown as the CLI shows them: to the second, settings as "clusters=2".
      assertThat(((Map<?, ?>) result.get("model")).get("created").toString())
          .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
      assertThat(d.get("/training").body())
          .containsPattern("<td>clusters=\\d( covariance=\\w+)?</td>");

      Map<String, Object> second =
          d.runJob(
              "/api/training/train",
              Map.of("model", "kmeans", "clusters", "4", "cooldown", "45m"),
              Duration.ofSeconds(120));
      assertThat(((Map<?, ?>) second.get("result")).get("crowned")).isEqualTo(false);
      assertThat(
              dev.cryptoanomaly.model.registry.Registries.open(settings(binance))
                  .load("crypto-anomaly", 2)
                  .policy()
                  .cooldownMillis())
          .isEqualTo(45 * 60_000L);
      assertThat(
              d.post("/api/training/train", Map.of("model", "kmeans", "cooldown", "30"))
                  .json()
                  .get("error"))
          .asString()
          .startsWith("field 'cooldown': '30' is not a cooldown: a time such as 30m");

      Map<String, Object> compare =
          d.runJob(
              "/api/evaluation/compare",
              Map.of("models", List.of("crypto-anomaly@1", "crypto-anomaly@2")),
              Duration.ofSeconds(60));
      assertThat(compare.get("state")).as(compare.toString()).isEqualTo("succeeded");
      Map<?, ?> comparison = (Map<?, ?>) compare.get("result");
      assertThat(((Map<?, ?>) comparison.get("metrics")).keySet().stream().map(String::valueOf))
          .containsExactly("crypto-anomaly@1 (kmeans)", "crypto-anomaly@2 (kmeans)");
      assertThat((List<?>) comparison.get("distributions")).hasSize(2);
      // The heatmap has a cell for every symbol-day scored, 0 where a model raised no alert, so
      // two models over the same candles have the same cells.
      List<?> perDay = (List<?>) comparison.get("alerts_per_symbol_day");
      java.util.function.Function<Object, List<String>> cells =
          m ->
              ((List<?>) ((Map<?, ?>) m).get("days"))
                  .stream()
                      .map(c -> ((Map<?, ?>) c).get("symbol") + " " + ((Map<?, ?>) c).get("day"))
                      .toList();
      assertThat(cells.apply(perDay.get(0))).isNotEmpty().isEqualTo(cells.apply(perDay.get(1)));
      List<?> distributions = (List<?>) comparison.get("distributions");
      assertThat(((Map<?, ?>) distributions.get(0)).get("bins"))
          .as("one set of bins for every model")
          .isEqualTo(((Map<?, ?>) distributions.get(1)).get("bins"));
      double shares =
          ((List<?>) ((Map<?, ?>) distributions.get(0)).get("shares"))
              .stream().mapToDouble(x -> ((Number) x).doubleValue()).sum();
      assertThat(shares).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-9));
      // The comparison is kept and reopens as it was shown, after a reload or another day.
      List<?> kept = (List<?>) d.get("/api/evaluation").json().get("comparisons");
      assertThat(kept).hasSize(1);
      String keptName = String.valueOf(((Map<?, ?>) kept.get(0)).get("name"));
      assertThat(d.get("/api/evaluation/result?name=" + keptName).json().get("metrics"))
          .isEqualTo(comparison.get("metrics"));
      assertThat(d.get("/api/evaluation/result?name=..%2Fmodels").status()).isEqualTo(400);
      assertThat(
              d.post(
                      "/api/evaluation/compare",
                      Map.of(
                          "models", "crypto-anomaly@1", "period", "custom", "start", "2024-04-02"))
                  .json()
                  .get("error"))
          .asString()
          .isEqualTo("field 'end' is required for a custom period");

      Map<String, Object> promote =
          d.runJob(
              "/api/evaluation/promote",
              Map.of("ref", "crypto-anomaly@2", "force", true, "labels", "triage"),
              Duration.ofSeconds(60));
      assertThat(promote.get("state")).as(promote.toString()).isEqualTo("succeeded");
      assertThat(((Map<?, ?>) promote.get("result")).get("gate"))
          .asString()
          .contains("no labelled event of triage in the period");
      assertThat(
              d.post(
                      "/api/evaluation/promote",
                      Map.of("ref", "crypto-anomaly@1", "labels", "elsewhere.csv"))
                  .json()
                  .get("error"))
          .asString()
          .startsWith("field 'labels' must be triage or one of the files in");
      assertThat(d.get("/api/overview").json().get("champions").toString())
          .contains("crypto-anomaly@2");

      // The Overview's drift check, as `drift` measures it.
      Map<String, Object> drift =
          d.runJob(
              "/api/drift/check",
              Map.of("model", "crypto-anomaly@champion", "days", 1),
              Duration.ofSeconds(60));
      assertThat(drift.get("state")).as(drift.toString()).isEqualTo("succeeded");
      Map<?, ?> report = (Map<?, ?>) drift.get("result");
      assertThat(report.get("model")).isEqualTo("crypto-anomaly@2");
      assertThat((List<?>) report.get("rows")).hasSize(7);
      assertThat(report.get("level").toString()).isIn("stable", "moderate", "significant");
      assertThat(report.toString()).doesNotContain("NaN");
      assertThat(d.post("/api/drift/check", Map.of("days", 0)).json().get("error"))
          .asString()
          .startsWith("field 'days'");
      assertThat(d.post("/api/drift/check", Map.of("model", "nothing@1")).json().get("error"))
          .asString()
          .startsWith("field 'model': no model named 'nothing'");
      assertThat(d.get("/").body()).contains("id=\"drift-form\"");

      Map<String, Object> replay =
          d.runJob(
              "/api/live/start",
              Map.of(
                  "symbols", "BTCUSDT", "start", "2024-04-01", "end", "2024-04-03", "speed", "max"),
              Duration.ofSeconds(60));
      assertThat(replay.get("state")).as(replay.toString()).isEqualTo("succeeded");
      assertThat(((Map<?, ?>) replay.get("result")).get("published")).isEqualTo(4320);
      // The same replay again: every candle was decided already, which is not "decided nothing".
      Map<String, Object> again =
          d.runJob(
              "/api/live/start",
              Map.of(
                  "symbols", "BTCUSDT", "start", "2024-04-01", "end", "2024-04-03", "speed", "max"),
              Duration.ofSeconds(60));
      assertThat(again.get("state")).as(again.toString()).isEqualTo("succeeded");
      // A period the series does not hold is refused before anything starts, saying what it holds.
      TestDashboard.Reply outside =
          d.post(
              "/api/live/start",
              Map.of("symbols", "BTCUSDT", "start", "2023-01-01", "end", "2023-01-02"));
      assertThat(outside.status()).isEqualTo(400);
      assertThat(outside.json().get("error"))
          .isEqualTo(
              "field 'start': spot BTCUSDT 1m holds candles from 2024-04-01T00:00:00Z to"
                  + " 2024-04-03T23:59:00Z, none in 2023-01-01 to 2023-01-02");
      assertThat(
              d.post(
                      "/api/live/start",
                      Map.of("symbols", "DOGEUSDT", "start", "2024-04-01", "end", "2024-04-02"))
                  .json()
                  .get("error"))
          .asString()
          .startsWith("field 'symbols': no spot DOGEUSDT 1m candles in the store");
      Map<String, Object> view = d.get("/api/live/view?symbol=BTCUSDT&interval=1m").json();
      assertThat(view.get("model")).isEqualTo("crypto-anomaly@2");
      assertThat((List<?>) view.get("decisions")).hasSize(LiveFeed.WINDOW);
      assertThat(view.get("anomalies").toString()).contains("time=" + shock);
      assertThat(posted)
          .as("webhook posts")
          .anySatisfy(
              body ->
                  assertThat(body)
                      .contains("\"kind\":\"opened\"", "\"market\":\"spot\"")
                      .contains("\"model\":\"crypto-anomaly@2\"")
                      .contains(
                          "\"open_time\":\"" + dev.cryptoanomaly.Numbers.instant(shock) + "\""));
    } finally {
      hook.stop(0);
    }
  }

  /**
   * The store a user has after the demo and an import: simulated 1m and real 5m series. The form
   * offers both (most rows first), training without choosing says which field to set (not which CLI
   * flag), and choosing 5m trains on the real candles.
   */
  @Test
  void aStoreWithTwoIntervalsTrainsOnTheOneChosenInTheForm() throws Exception {
    Map<String, String> env = Map.of("CRYPTO_ANOMALY_HOME", home.toString());
    Clock clock =
        Clock.fixed(java.time.Instant.parse("2024-05-03T00:00:00Z"), java.time.ZoneOffset.UTC);
    dev.cryptoanomaly.testkit.Cli.Result simulated =
        dev.cryptoanomaly.testkit.Cli.run(
            env, clock, "collect", "2", "--source", "synthetic", "--symbols", "BTCUSDT,ETHUSDT");
    assertThat(simulated.exit()).as(simulated.err()).isZero();
    dev.cryptoanomaly.testkit.Cli.Result imported =
        dev.cryptoanomaly.testkit.Cli.run(
            env,
            clock,
            "import",
            dev.cryptoanomaly.testkit.Markets.sharedData()
                .resolve("binance/spot/5m/BTCUSDT")
                .toString());
    assertThat(imported.exit()).as(imported.err()).isZero();
    try (TestDashboard d = new TestDashboard(settings(null), Clock.systemUTC())) {
      Map<String, Object> page = d.get("/api/training").json();
      assertThat(page.get("intervals")).isEqualTo(List.of("5m", "1m"));
      assertThat(page.get("markets")).isEqualTo(List.of("spot"));
      assertThat(d.get("/training").body())
          .contains("<select name=\"interval\"><option>5m</option><option>1m</option></select>");

      Map<String, Object> unchosen =
          d.runJob(
              "/api/training/train",
              Map.of("model", "kmeans", "clusters", "2"),
              Duration.ofSeconds(60));
      assertThat(unchosen.get("state")).isEqualTo("failed");
      assertThat(String.valueOf(unchosen.get("error")))
          .contains("field 'interval'")
          .doesNotContain("--");

      Map<String, Object> trained =
          d.runJob(
              "/api/training/train",
              Map.of(
                  "model", "kmeans",
                  "clusters", "2",
                  "market", "spot",
                  "interval", "5m",
                  "start", "2024-07-25",
                  "end", "2024-08-20"),
              Duration.ofSeconds(120));
      assertThat(trained.get("state")).as(trained.toString()).isEqualTo("succeeded");
      assertThat(((Map<?, ?>) ((Map<?, ?>) trained.get("result")).get("model")).get("interval"))
          .isEqualTo("5m");
      // The training reopens from the registry as the job showed it: split, trials, chosen one.
      Map<String, Object> past = d.get("/api/training/history?ref=crypto-anomaly@1").json();
      assertThat(past).as(past.toString()).containsKey("model");
      assertThat(((Map<?, ?>) past.get("model")).get("ref")).isEqualTo("crypto-anomaly@1");
      assertThat((List<?>) past.get("trials")).isNotEmpty();
      assertThat(past.get("trials").toString()).contains("chosen=true");
      Map<?, ?> split = (Map<?, ?>) past.get("split");
      assertThat(((Map<?, ?>) split.get("train")).get("from")).isEqualTo("2024-07-25T00:00:00Z");
      assertThat(((Number) ((Map<?, ?>) split.get("test")).get("rows")).intValue()).isPositive();
      assertThat(past.get("trials")).isEqualTo(((Map<?, ?>) trained.get("result")).get("trials"));
      assertThat(d.get("/api/training/history?ref=crypto-anomaly@9").json().get("error"))
          .asString()
          .startsWith("field 'ref': ");
      assertThat(d.get("/api/training/history").status()).isEqualTo(400);
      assertThat(d.get("/api/training/history?ref=x&extra=1").status()).isEqualTo(400);
      // A 1m model beside the 5m one, compared on a custom period only the 1m one has candles in
      // and was trained on: the page says all three things that make the comparison misleading.
      Map<String, Object> oneMinute =
          d.runJob(
              "/api/training/train",
              Map.of("model", "kmeans", "clusters", "2", "market", "spot", "interval", "1m"),
              Duration.ofSeconds(120));
      assertThat(oneMinute.get("state")).as(oneMinute.toString()).isEqualTo("succeeded");
      Map<String, Object> mixed =
          d.runJob(
              "/api/evaluation/compare",
              Map.of(
                  "models", List.of("crypto-anomaly@1", "crypto-anomaly@2"),
                  "start", "2024-05-01",
                  "end", "2024-05-02"),
              Duration.ofSeconds(60));
      assertThat(mixed.get("state")).as(mixed.toString()).isEqualTo("succeeded");
      Map<?, ?> mixedResult = (Map<?, ?>) mixed.get("result");
      assertThat(mixedResult.get("from")).isEqualTo("2024-05-01T00:00:00Z");
      assertThat(mixedResult.get("to")).isEqualTo("2024-05-03T00:00:00Z");
      assertThat(mixedResult.get("warnings").toString())
          .contains("crypto-anomaly@1 (kmeans) has no candles in the period")
          .contains("overlaps the training data of crypto-anomaly@2")
          .contains("cover different symbols");
      // Replaying the 1m series with that 5m model would decide nothing: said at once.
      TestDashboard.Reply wrongInterval =
          d.post(
              "/api/live/start",
              Map.of("symbols", "BTCUSDT", "interval", "1m", "days", "1", "speed", "max"));
      assertThat(wrongInterval.status()).isEqualTo(400);
      assertThat(wrongInterval.json().get("error"))
          .asString()
          .startsWith("field 'model': crypto-anomaly@champion")
          .contains("takes spot 5m candles, not spot 1m");
    }
    // The live feed that cannot connect says so on the job within seconds, and stops when asked.
    try (FakeBinance binance = new FakeBinance();
        TestDashboard d = new TestDashboard(settings(binance), Clock.systemUTC())) {
      TestDashboard.Reply live =
          d.post(
              "/api/live/start",
              Map.of("source", "binance", "symbols", "BTCUSDT", "interval", "5m"));
      assertThat(live.status()).as(live.body()).isEqualTo(202);
      String id = String.valueOf(live.json().get("id"));
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(100))
          .untilAsserted(
              () ->
                  assertThat(String.valueOf(d.get("/api/jobs/" + id).json().get("status")))
                      .contains("cannot connect to ws://127.0.0.1:1"));
      assertThat(d.post("/api/jobs/" + id + "/cancel", Map.of()).json().get("cancelled"))
          .isEqualTo(true);
      assertThat(d.runJobResult(id, Duration.ofSeconds(30)).get("state")).isEqualTo("cancelled");
    }
  }

  /**
   * Beside the simulated 1m series, real 5m files are imported from the page, twice, and a series
   * is deleted after confirming its row count; the coverage and its gaps follow each step.
   */
  @Test
  void filesAreImportedFromThePageAndASeriesDeletedOnConfirmation() throws Exception {
    Map<String, String> env = Map.of("CRYPTO_ANOMALY_HOME", home.toString());
    Clock clock =
        Clock.fixed(java.time.Instant.parse("2024-05-03T00:00:00Z"), java.time.ZoneOffset.UTC);
    assertThat(
            dev.cryptoanomaly.testkit.Cli.run(
                    env, clock, "collect", "1", "--source", "synthetic", "--symbols", "BTCUSDT")
                .exit())
        .isZero();
    Path files = dev.cryptoanomaly.testkit.Markets.sharedData().resolve("binance/spot/5m/ETHUSDT");
    try (TestDashboard d = new TestDashboard(settings(null), Clock.systemUTC())) {
      Map<String, Object> first =
          d.runJob("/api/data/import", Map.of("path", files.toString()), Duration.ofSeconds(60));
      assertThat(first.get("state")).as(first.toString()).isEqualTo("succeeded");
      Map<String, Object> eth = coverageOf(d, "ETHUSDT", "5m");
      assertThat(eth.get("source")).isEqualTo("import");
      assertThat(((Number) eth.get("gap_count")).intValue()).isPositive();
      assertThat((List<?>) eth.get("gaps")).hasSize(((Number) eth.get("gap_count")).intValue());
      assertThat(coverageOf(d, "BTCUSDT", "1m").get("source")).isEqualTo("simulated");

      Map<String, Object> again =
          d.runJob(
              "/api/data/import",
              Map.of("path", files.toString(), "market", "spot"),
              Duration.ofSeconds(60));
      assertThat(again.get("state")).isEqualTo("succeeded");
      assertThat(coverageOf(d, "ETHUSDT", "5m")).as("a second import adds nothing").isEqualTo(eth);

      assertThat(d.post("/api/data/import", Map.of()).json().get("error"))
          .asString()
          .startsWith("field 'path' is required");
      assertThat(d.post("/api/data/import", Map.of("path", "/no/such/folder")).json().get("error"))
          .asString()
          .startsWith("field 'path': /no/such/folder does not exist");
      assertThat(
              d.post("/api/data/import", Map.of("path", files.toString(), "market", "options"))
                  .json()
                  .get("error"))
          .asString()
          .startsWith("field 'market': unknown market 'options'");
      Map<String, Object> nothing =
          d.runJob(
              "/api/data/import",
              Map.of("path", home.resolve("labels").toString()),
              Duration.ofSeconds(30));
      assertThat(nothing.get("state")).isEqualTo("failed");
      assertThat(String.valueOf(nothing.get("error"))).startsWith("no kline files under");

      long rows = ((Number) eth.get("rows")).longValue();
      Map<String, Object> series = Map.of("market", "spot", "symbol", "ETHUSDT", "interval", "5m");
      TestDashboard.Reply stale = d.post("/api/data/delete", with(series, "rows", rows - 1));
      assertThat(stale.status()).isEqualTo(400);
      assertThat(stale.json().get("error"))
          .asString()
          .startsWith("field 'rows': spot ETHUSDT 5m now holds " + String.format("%,d", rows));
      assertThat(d.post("/api/data/delete", series).json().get("error"))
          .asString()
          .isEqualTo("field 'rows' is required to delete a series");
      TestDashboard.Reply deleted = d.post("/api/data/delete", with(series, "rows", rows));
      assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
      assertThat(((Number) deleted.json().get("deleted")).longValue()).isEqualTo(rows);
      assertThat(d.get("/api/data").json().get("coverage").toString())
          .doesNotContain("ETHUSDT")
          .contains("BTCUSDT");
      assertThat(d.post("/api/data/delete", with(series, "rows", rows)).json().get("error"))
          .asString()
          .isEqualTo("the store holds no candles of spot ETHUSDT 5m");
      assertThat(d.get("/data").body()).contains("class=\"delete-series\"");
      assertThat(d.get("/").body()).doesNotContain("delete-series");
    }
  }

  /**
   * Alerts of a simulated 1m series and an imported 5m one, from two models: the Overview and the
   * API filter them by symbol, severity, model, interval, source and period, newest first, and the
   * CSV download holds the same rows.
   */
  @Test
  void alertsAreFilteredAndDownloadedAsCsvAndJson() throws Exception {
    var btc1 =
        new dev.cryptoanomaly.kline.SeriesKey(
            dev.cryptoanomaly.kline.Market.SPOT, "BTCUSDT", dev.cryptoanomaly.kline.Interval.M1);
    var eth5 =
        new dev.cryptoanomaly.kline.SeriesKey(
            dev.cryptoanomaly.kline.Market.SPOT, "ETHUSDT", dev.cryptoanomaly.kline.Interval.M5);
    long t0 = java.time.Instant.parse("2024-08-05T00:00:00Z").toEpochMilli();
    try (var store = dev.cryptoanomaly.store.Stores.open(settings(null))) {
      for (var series : List.of(btc1, eth5)) {
        var kind =
            series == btc1
                ? dev.cryptoanomaly.store.Provenance.Kind.SYNTHETIC
                : dev.cryptoanomaly.store.Provenance.Kind.IMPORT;
        store.write(
            series,
            List.of(dev.cryptoanomaly.kline.Kline.ohlcv(series.interval(), t0, 1, 2, 0.5, 1.5, 10)),
            new dev.cryptoanomaly.store.Provenance(
                "test:" + series,
                kind,
                series,
                t0,
                t0 + 1,
                dev.cryptoanomaly.store.Provenance.Status.OK,
                null,
                1,
                0,
                0,
                null,
                1));
      }
      store.writeDetections(
          "a",
          1,
          List.of(
              new dev.cryptoanomaly.store.SeriesDetections(
                  btc1, List.of(), List.of(alert(t0, dev.cryptoanomaly.alert.Severity.WARNING))),
              new dev.cryptoanomaly.store.SeriesDetections(
                  eth5,
                  List.of(),
                  List.of(alert(t0 + 86_400_000L, dev.cryptoanomaly.alert.Severity.CRITICAL)))));
      store.writeDetections(
          "b",
          1,
          List.of(
              new dev.cryptoanomaly.store.SeriesDetections(
                  btc1,
                  List.of(),
                  List.of(alert(t0 + 60_000, dev.cryptoanomaly.alert.Severity.HIGH)))));
    }
    try (TestDashboard d = new TestDashboard(settings(null), Clock.systemUTC())) {
      assertThat(onsets(d, ""))
          .containsExactly("2024-08-06T00:00:00Z", "2024-08-05T00:01:00Z", "2024-08-05T00:00:00Z");
      assertThat(onsets(d, "symbol=BTCUSDT"))
          .containsExactly("2024-08-05T00:01:00Z", "2024-08-05T00:00:00Z");
      assertThat(onsets(d, "severity=high"))
          .containsExactly("2024-08-06T00:00:00Z", "2024-08-05T00:01:00Z");
      assertThat(onsets(d, "model=b")).containsExactly("2024-08-05T00:01:00Z");
      assertThat(onsets(d, "model=a%401&interval=5m")).containsExactly("2024-08-06T00:00:00Z");
      assertThat(onsets(d, "source=simulated"))
          .containsExactly("2024-08-05T00:01:00Z", "2024-08-05T00:00:00Z");
      assertThat(onsets(d, "source=import")).containsExactly("2024-08-06T00:00:00Z");
      assertThat(onsets(d, "from=2024-08-06&to=2024-08-06"))
          .containsExactly("2024-08-06T00:00:00Z");
      assertThat(onsets(d, "to=2024-08-05&limit=1")).containsExactly("2024-08-05T00:01:00Z");

      TestDashboard.Reply csv = d.get("/api/alerts.csv?source=simulated");
      assertThat(csv.status()).isEqualTo(200);
      List<String> lines = csv.body().lines().toList();
      assertThat(lines.getFirst()).startsWith("onset,peak,last_hit,market,symbol,interval,source");
      assertThat(lines).hasSize(3);
      assertThat(lines.get(1))
          .startsWith(
              "2024-08-05T00:01:00Z,2024-08-05T00:01:00Z,2024-08-05T00:01:00Z,spot,BTCUSDT,1m,simulated,high,")
          .contains(",b@1,");

      String page = d.get("/?severity=critical").body();
      assertThat(page).contains("ETHUSDT 5m").doesNotContain("BTCUSDT 1m</td>");
      assertThat(page).contains("href=\"/api/alerts.csv?severity=critical&amp;limit=100000\"");
      assertThat(d.get("/?severity=severe").body())
          .contains("field 'severity': unknown severity 'severe' (warning, high or critical)");
      assertThat(d.get("/api/alerts?source=mars").json().get("error"))
          .asString()
          .isEqualTo("field 'source': must be simulated, binance or import, not 'mars'");
      assertThat(d.get("/api/alerts?symbol=BTC/USDT").status()).isEqualTo(400);
      assertThat(d.get("/api/alerts?from=2024-13-01").status()).isEqualTo(400);
      assertThat(d.get("/api/alerts?colour=red").json().get("error"))
          .asString()
          .startsWith("unknown field 'colour'");
      assertThat(d.get("/api/alerts?model=nobody%40champion").json().get("error"))
          .asString()
          .startsWith("field 'model': ");
    }
  }

  private static dev.cryptoanomaly.store.StoredAnomaly alert(
      long t, dev.cryptoanomaly.alert.Severity severity) {
    return new dev.cryptoanomaly.store.StoredAnomaly(
        t, "m", 1, t, t, 1, 9, 1e-5, severity, "{}", 1);
  }

  @SuppressWarnings("unchecked")
  private static List<String> onsets(TestDashboard d, String query) {
    TestDashboard.Reply r = d.get("/api/alerts?" + query);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return ((List<Map<String, Object>>) r.json().get("alerts"))
        .stream().map(a -> String.valueOf(a.get("onset"))).toList();
  }

  private static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
    Map<String, Object> out = new java.util.HashMap<>(base);
    out.put(key, value);
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> coverageOf(TestDashboard d, String symbol, String interval) {
    return ((List<Map<String, Object>>) d.get("/api/data").json().get("coverage"))
        .stream()
            .filter(c -> c.get("symbol").equals(symbol) && c.get("interval").equals(interval))
            .findFirst()
            .orElseThrow();
  }

  @Test
  void badInputIsAOneLineErrorNamingTheField() {
    try (TestDashboard d = new TestDashboard(settings(null), Clock.systemUTC())) {
      TestDashboard.Reply r = d.post("/api/data/download", Map.of("symbols", "BTC/USDT"));
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.json().get("error").toString()).contains("symbols").doesNotContain("\n");
      assertThat(d.post("/api/data/download", Map.of("days", "-3")).json().get("error"))
          .asString()
          .contains("days");
      assertThat(d.post("/api/data/download", Map.of("start", "01/02/2024")).json().get("error"))
          .asString()
          .contains("start");
      // The period's own checks name the form field, not a CLI flag.
      assertThat(
              d.post("/api/data/download", Map.of("start", "1999-01-01", "end", "2000-01-01"))
                  .json()
                  .get("error"))
          .asString()
          .startsWith("field 'start': 1999-01-01 is before 2017-01-01")
          .doesNotContain("--");
      assertThat(
              d.post("/api/data/download", Map.of("start", "2024-04-10", "end", "2024-04-01"))
                  .json()
                  .get("error"))
          .asString()
          .isEqualTo("field 'end': 2024-04-01 is before the start date 2024-04-10");
      TestDashboard.Reply misspelt = d.post("/api/data/download", Map.of("strat", "2024-01-01"));
      assertThat(misspelt.status()).isEqualTo(400);
      assertThat(misspelt.json().get("error")).asString().startsWith("unknown field 'strat'");
      assertThat(d.post("/api/data/download", Map.of("interval", "7m")).json().get("error"))
          .asString()
          .startsWith("field 'interval': unknown interval '7m'");
      assertThat(d.post("/api/data/download", Map.of("market", "options")).json().get("error"))
          .asString()
          .startsWith("field 'market': unknown market 'options'");
      assertThat(d.post("/api/training/train", Map.of("model", "svm")).json().get("error"))
          .asString()
          .startsWith("field 'model': unknown model 'svm'");
      assertThat(d.post("/api/training/train", Map.of("clusters", "9-2")).status()).isEqualTo(400);
      assertThat(d.post("/api/live/start", Map.of("speed", "fast")).json().get("error"))
          .asString()
          .contains("speed");
      assertThat(d.post("/api/evaluation/compare", Map.of()).json().get("error"))
          .asString()
          .contains("models");
      assertThat(
              d.post("/api/evaluation/compare", Map.of("models", "a@1", "labels", "../etc/passwd"))
                  .status())
          .isEqualTo(400);
      TestDashboard.Reply notJson =
          d.send(
              HttpRequest.newBuilder(URI.create(d.url("/api/data/download")))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString("[1,")));
      assertThat(notJson.status()).isEqualTo(400);
      assertThat(d.get("/api/jobs/99").status()).isEqualTo(404);
      assertThat(d.get("/api/live/view?symbol=NOT-A-PAIR").status()).isEqualTo(400);
    }
  }

  @Test
  void crossSiteFormsAndForeignHostNamesAreRefused() {
    try (TestDashboard d = new TestDashboard(settings(null), Clock.systemUTC())) {
      TestDashboard.Reply form =
          d.send(
              HttpRequest.newBuilder(URI.create(d.url("/api/data/update")))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(HttpRequest.BodyPublishers.ofString("a=1")));
      assertThat(form.status()).isEqualTo(403);
      TestDashboard.Reply origin =
          d.send(
              HttpRequest.newBuilder(URI.create(d.url("/api/data/update")))
                  .header("Content-Type", "application/json")
                  .header("Origin", "http://evil.example")
                  .POST(HttpRequest.BodyPublishers.ofString("{}")));
      assertThat(origin.status()).isEqualTo(403);
    }
  }

  @Test
  void bindingBeyondLoopbackNeedsAToken() {
    assertThatThrownBy(() -> new DashboardOptions("0.0.0.0", 8501, null))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("access token");
    assertThatThrownBy(() -> new DashboardOptions("0.0.0.0", 8501, "short"))
        .hasMessageContaining("16 characters");
    String token = "s3cret-token-of-some-length";
    try (DashboardServer server =
        DashboardServer.start(
            settings(null), Clock.systemUTC(), new DashboardOptions("0.0.0.0", 0, token))) {
      TestDashboard.Reply anonymous = get(server, "/api/overview", null);
      assertThat(anonymous.status()).isEqualTo(401);
      assertThat(get(server, "/api/overview", "Bearer wrong-token-of-some-length").status())
          .isEqualTo(401);
      assertThat(get(server, "/api/overview", "Bearer " + token).status()).isEqualTo(200);
      TestDashboard.Reply link = get(server, "/?token=" + token, null);
      assertThat(link.status()).isEqualTo(302);
    }
  }

  @Test
  void serversThatAreDownAreReportedOnThePageNotAsErrors() {
    Settings down =
        Settings.fromMap(
                Map.of(
                    Settings.MLFLOW_TRACKING_URI, "http://127.0.0.1:9",
                    Settings.REDIS_URL, "redis://127.0.0.1:9"),
                home)
            .withHome(home);
    try (TestDashboard d = new TestDashboard(down, Clock.systemUTC())) {
      TestDashboard.Reply r = d.get("/api/overview");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.body()).contains("cannot reach Redis").contains("cannot reach MLflow");
      assertThat(d.get("/training").status()).isEqualTo(200);
      assertThat(d.get("/api/training").body()).contains("model registry is unavailable");
      assertThat(d.post("/api/training/train", Map.of()).json().get("error"))
          .asString()
          .contains("MLflow");
    }
  }

  private static TestDashboard.Reply get(DashboardServer server, String path, String auth) {
    try {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).GET();
      if (auth != null) {
        b.header("Authorization", auth);
      }
      var r =
          java.net.http.HttpClient.newHttpClient()
              .send(b.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
      return new TestDashboard.Reply(r.statusCode(), r.body());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aCancelledDownloadStopsSoonAndSaysWhatItStored() throws Exception {
    try (TestDashboard d = new TestDashboard(settings(null), Clock.systemUTC())) {
      TestDashboard.Reply started =
          d.post(
              "/api/data/download",
              Map.of(
                  "symbols", "BTCUSDT,ETHUSDT,SOLUSDT,AVAXUSDT,LINKUSDT",
                  "days", "365",
                  "source", "synthetic"));
      assertThat(started.status()).as(started.body()).isEqualTo(202);
      String id = String.valueOf(started.json().get("id"));
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(20))
          .until(
              () -> ((Number) d.get("/api/jobs/" + id).json().get("progress")).doubleValue() > 0);
      assertThat(d.post("/api/jobs/" + id + "/cancel", Map.of()).json().get("cancelled"))
          .as(d.get("/api/jobs/" + id).body())
          .isEqualTo(true);
      Map<String, Object> job = d.runJobResult(id, Duration.ofSeconds(30));

      assertThat(job.get("state")).isEqualTo("cancelled");
      long stored =
          ((List<?>) d.get("/api/data").json().get("coverage"))
              .stream().mapToLong(c -> ((Number) ((Map<?, ?>) c).get("rows")).longValue()).sum();
      assertThat(stored).isPositive().isLessThan(5L * 365 * 1440);
      assertThat(((Map<?, ?>) job.get("result")).get("rows")).isEqualTo((int) stored);
      assertThat(job.get("status"))
          .isEqualTo(
              String.format(java.util.Locale.ROOT, "cancelled after storing %,d rows", stored));
    }
  }
}
