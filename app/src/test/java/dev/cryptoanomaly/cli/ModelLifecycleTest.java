package dev.cryptoanomaly.cli;

import static dev.cryptoanomaly.cli.BadInputTest.assertOneLineUserError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cryptoanomaly.config.Settings;
import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Market;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.model.ModelManifest;
import dev.cryptoanomaly.model.registry.LocalModelRegistry;
import dev.cryptoanomaly.model.registry.ModelRegistry;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.store.StoredAnomaly;
import dev.cryptoanomaly.store.Stores;
import dev.cryptoanomaly.testkit.Cli;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * train, models list, models promote and detect through the real command line on 12 simulated days
 * of 3 symbols: a model is registered and becomes champion, a worse one is refused by the gate
 * unless forced, and detection stores its alerts once however often it runs.
 */
@Tag("slow")
class ModelLifecycleTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-13T00:00:00Z"), ZoneOffset.UTC);

  @TempDir static Path home;
  static Map<String, String> env;

  @BeforeAll
  static void simulateAndTrain() {
    env = Map.of("CRYPTO_ANOMALY_HOME", home.toString());
    Cli.Result collected =
        Cli.run(
            env,
            CLOCK,
            "collect",
            "12",
            "--source",
            "synthetic",
            "--seed",
            "11",
            "--symbols",
            "BTCUSDT,ETHUSDT,SOLUSDT");
    assertThat(collected.exit()).as(collected.err()).isZero();
    Cli.Result trained = Cli.run(env, CLOCK, "train", "--model", "gmm", "--clusters", "2-4");
    assertThat(trained.exit()).as(trained.err()).isZero();
    assertThat(trained.out())
        .contains("registered crypto-anomaly@1")
        .contains("crypto-anomaly@1 is the champion")
        .containsPattern("covariance=full")
        .containsPattern("covariance=diagonal")
        .contains("calibration: per symbol");
  }

  @Test
  void theFirstModelIsChampionAndListed() throws Exception {
    Cli.Result r = Cli.run(env, CLOCK, "models", "list");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).containsPattern("crypto-anomaly +1 champion +gmm");
    ModelRegistry registry = new LocalModelRegistry(home);
    ModelManifest manifest = registry.versions("crypto-anomaly").get(0).manifest();
    assertThat(manifest.format()).isEqualTo(ModelManifest.FORMAT);
    assertThat(manifest.dataFingerprint()).isNotBlank();
    assertThat(manifest.split().trainEnd()).isBefore(manifest.split().validationEnd());
    assertThat(manifest.metrics()).containsKey("injected_recall");
    assertThat(manifest.java()).isNotBlank();
    assertThat(manifest.kind()).isEqualTo(dev.cryptoanomaly.model.ModelKind.GMM);
    assertThat(manifest.symbols()).containsExactly("BTCUSDT", "ETHUSDT", "SOLUSDT");

    Cli.Result listed = Cli.run(env, CLOCK, "models", "list", "--json");
    assertThat(listed.exit()).as(listed.err()).isZero();
    com.fasterxml.jackson.databind.JsonNode version =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(listed.out())
            .get("versions")
            .get(0);
    assertThat(version.get("ref").asText()).isEqualTo("crypto-anomaly@1");
    assertThat(version.get("kind").asText()).isEqualTo("gmm");
    assertThat(version.get("interval").asText()).isEqualTo("1m");
    assertThat(version.get("market").asText()).isEqualTo("spot");
    assertThat(version.get("created").asText())
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    assertThat(version.get("aliases").get(0).asText()).isEqualTo("champion");
    assertThat(r.out()).contains("spot 1m");
  }

  @Test
  void aPooledModelReadsEachSymbolWithItsOwnOffsetUnlessAskedForOnePooledCalibration()
      throws Exception {
    ModelRegistry registry = new LocalModelRegistry(home);
    dev.cryptoanomaly.model.TrainedModel champion = registry.load("crypto-anomaly", 1);
    var calibration = champion.calibration();
    assertThat(calibration.offsets()).containsOnlyKeys("BTCUSDT", "ETHUSDT", "SOLUSDT");
    assertThat(home.resolve("models/crypto-anomaly/1/symbol_calibration.json")).exists();
    for (String symbol : calibration.offsets().keySet()) {
      double score = calibration.pooled().tailStart() + 1;
      assertThat(calibration.tailProbability(symbol, score))
          .as(symbol)
          .isEqualTo(calibration.pooled().tailProbability(score - calibration.offset(symbol)));
    }

    Cli.Result pooled =
        Cli.run(
            env,
            CLOCK,
            "train",
            "--model",
            "kmeans",
            "--clusters",
            "2",
            "--calibration",
            "pooled",
            "--name",
            "pooled");
    assertThat(pooled.exit()).as(pooled.err()).isZero();
    assertThat(pooled.out()).contains("calibration: pooled over every symbol");
    assertThat(registry.load("pooled", 1).calibration().offsets()).isEmpty();
    assertThat(home.resolve("models/pooled/1/symbol_calibration.json")).doesNotExist();
  }

  @Test
  void aRowCapFitsOnAStratifiedSampleAndTheManifestSaysHowMany() {
    Cli.Result capped =
        Cli.run(
            env,
            CLOCK,
            "train",
            "--model",
            "kmeans",
            "--clusters",
            "2",
            "--max-rows",
            "5000",
            "--name",
            "rowcap");
    assertThat(capped.exit()).as(capped.err()).isZero();
    assertThat(capped.out()).containsPattern("fitted on 5,000 of [\\d,]+ training rows");
    ModelManifest m = new LocalModelRegistry(home).versions("rowcap").getFirst().manifest();
    assertThat(m.metric("train_rows_fitted")).hasValue(5_000.0);
    assertThat(m.metric("train_rows_available").orElseThrow()).isGreaterThan(5_000.0);
    assertThat(m.metric("validation_rows_sampled").orElseThrow()).isEqualTo(2_500.0);
    // 3 symbols x 12 days of 1m (51,840 rows) are more than four times the cap: training loads
    // one day in three of each symbol, staggered, and says so.
    assertThat(capped.out()).contains("one day in 3 of each (staggered across series)");
    assertThat(m.metric("days_sampled_one_in")).hasValue(3.0);
  }

  @Test
  void detectionStoresEachAlertOnceAndExplainsIt() throws Exception {
    Cli.Result first = Cli.run(env, CLOCK, "detect", "--days", "3", "--json");
    Cli.Result again = Cli.run(env, CLOCK, "detect", "--days", "3", "--json");
    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(again.out()).isEqualTo(first.out());
    List<String> lines = first.out().lines().toList();
    assertThat(lines).isNotEmpty();
    JsonNode alert = new ObjectMapper().readTree(lines.get(0));
    assertThat(alert.path("model").asText()).isEqualTo("crypto-anomaly@1");
    // The same keys in the same order as alerts --json prints for the stored alert.
    List<String> keys = new java.util.ArrayList<>();
    alert.fieldNames().forEachRemaining(keys::add);
    Cli.Result listed = Cli.run(env, CLOCK, "alerts", "--json");
    assertThat(listed.exit()).as(listed.err()).isZero();
    List<String> storedKeys = new java.util.ArrayList<>();
    new ObjectMapper()
        .readTree(listed.out().lines().findFirst().orElseThrow())
        .fieldNames()
        .forEachRemaining(storedKeys::add);
    assertThat(keys).containsExactlyElementsOf(storedKeys).contains("market", "interval");
    // Filtered and as CSV, as the dashboard's download: the same alerts, newest last on screen.
    Cli.Result high =
        Cli.run(
            env,
            CLOCK,
            "alerts",
            "--severity",
            "warning",
            "--model",
            "crypto-anomaly@champion",
            "--interval",
            "1m",
            "--source",
            "simulated",
            "--limit",
            "1000");
    assertThat(high.exit()).as(high.err()).isZero();
    assertThat(high.out().lines().count()).isEqualTo(lines.size());
    Cli.Result csv = Cli.run(env, CLOCK, "alerts", "--csv", "--limit", "1000");
    assertThat(csv.out().lines().findFirst().orElseThrow())
        .isEqualTo(
            "onset,peak,last_hit,market,symbol,interval,source,severity,probability,score,"
                + "hits,model,top_feature,top_feature_share");
    assertThat(csv.out().lines().count()).isEqualTo(lines.size() + 1);
    assertThat(Cli.run(env, CLOCK, "alerts", "--source", "import").out())
        .isEqualTo("no stored alerts match these filters\n");
    assertThat(alert.path("market").asText()).isEqualTo("spot");
    assertThat(alert.path("interval").asText()).isEqualTo("1m");
    assertThat(alert.path("severity").asText()).isIn("warning", "high", "critical");
    assertThat(alert.path("explanation").path("contributions")).hasSize(6);
    try (KlineStore store = Stores.open(Settings.fromMap(env, home))) {
      long stored = 0;
      for (String s : List.of("BTCUSDT", "ETHUSDT", "SOLUSDT")) {
        List<StoredAnomaly> a =
            store.anomalies(new SeriesKey(Market.SPOT, s, Interval.M1), 0, Long.MAX_VALUE);
        stored += a.size();
      }
      assertThat(stored).isEqualTo(lines.size());
    }
    // Within budget: about 2 alerts per symbol-day over 3 days and 3 symbols, not dozens.
    assertThat(lines.size()).isLessThanOrEqualTo(40);
  }

  @Test
  void aWorseModelIsRefusedByTheGateUnlessForced() {
    // One weak feature only: the candle's log return, which misses the injected anomalies that
    // move volume or volatility alone (recall 0.83 against 1). Most other single features still
    // catch every injected anomaly on this data, so the gate could not tell them from the champion.
    Cli.Result weak =
        Cli.run(
            env,
            CLOCK,
            "train",
            "--model",
            "kmeans",
            "--clusters",
            "2",
            "--features",
            "log_return",
            "--name",
            "crypto-anomaly");
    assertThat(weak.exit()).as(weak.err()).isZero();
    int version =
        new LocalModelRegistry(home)
            .versions("crypto-anomaly").stream()
                .mapToInt(ModelRegistry.Version::version)
                .max()
                .orElseThrow();
    Cli.Result refused =
        Cli.run(env, CLOCK, "models", "promote", "crypto-anomaly", String.valueOf(version));
    assertOneLineUserError(refused, "refused", "worse than champion", "--force");
    Cli.Result forced =
        Cli.run(
            env, CLOCK, "models", "promote", "crypto-anomaly", String.valueOf(version), "--force");
    assertThat(forced.exit()).as(forced.err()).isZero();
    List<ModelRegistry.Promotion> log = new LocalModelRegistry(home).promotions("crypto-anomaly");
    assertThat(log)
        .last()
        .satisfies(
            p -> {
              assertThat(p.forced()).isTrue();
              assertThat(p.version()).isEqualTo(version);
              assertThat(p.evidence()).containsKeys("candidate", "champion", "gate");
            });
    // Put the good one back for the other tests.
    Cli.Result back = Cli.run(env, CLOCK, "models", "promote", "crypto-anomaly", "1", "--force");
    assertThat(back.exit()).as(back.err()).isZero();
  }

  @Test
  void theGateAlsoJudgesLabelledEventsWhenGivenThemFromAFileOrTriage() {
    for (String clusters : List.of("2", "3")) {
      Cli.Result trained =
          Cli.run(
              env, CLOCK, "train", "--model", "kmeans", "--clusters", clusters, "--name", "gated");
      assertThat(trained.exit()).as(trained.err()).isZero();
    }
    String labels = home.resolve("labels/synthetic-11.csv").toString();
    Cli.Result missing =
        Cli.run(env, CLOCK, "models", "promote", "gated", "2", "--labels", "nope.csv");
    assertOneLineUserError(missing, "nope.csv");
    assertThat(new LocalModelRegistry(home).byAlias("gated", "champion").orElseThrow().version())
        .isEqualTo(1);

    // Judged or refused, the gate names the labelled events it measured both models on.
    Cli.Result judged =
        Cli.run(env, CLOCK, "models", "promote", "gated", "2", "--labels", labels, "--force");
    assertThat(judged.exit()).as(judged.err()).isZero();
    assertThat(judged.out()).containsPattern("on \\d+ labelled events of " + labels);
    ModelRegistry.Promotion logged = new LocalModelRegistry(home).promotions("gated").getLast();
    assertThat(logged.evidence()).containsEntry("labels", labels);
    assertThat(logged.evidence()).containsKeys("candidate_labelled", "champion_labelled");

    // No analyst has marked anything here: triage judges no event and says so.
    Cli.Result triage =
        Cli.run(env, CLOCK, "models", "promote", "gated", "1", "--labels", "triage", "--force");
    assertThat(triage.exit()).as(triage.err()).isZero();
    assertThat(triage.out()).contains("no labelled event of triage in the period");

    // The setting gives the same labels to every promotion that names none.
    Map<String, String> withSetting = new java.util.HashMap<>(env);
    withSetting.put(Settings.GATE_LABELS, labels);
    Cli.Result fromSetting =
        Cli.run(withSetting, CLOCK, "models", "promote", "gated", "2", "--force");
    assertThat(fromSetting.exit()).as(fromSetting.err()).isZero();
    assertThat(fromSetting.out()).containsPattern("on \\d+ labelled events of " + labels);
  }

  @Test
  void evaluationAgainstTheSimulatorsLabelsIsPrintedAndSaved() throws Exception {
    Path labels = home.resolve("labels/synthetic-11.csv");
    Cli.Result r =
        Cli.run(
            env,
            CLOCK,
            "evaluate",
            "--labels",
            labels.toString(),
            "--models",
            "crypto-anomaly@1",
            "--json");
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode root = new ObjectMapper().readTree(r.out());
    assertThat(root.path("from").asText()).matches("2024-0[45]-\\d\\dT00:00:00Z");
    assertThat(root.path("to").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    assertThat(root.path("labels").asText()).endsWith("synthetic-11.csv");
    JsonNode model = root.path("models").get(0);
    assertThat(model.path("model").asText()).isEqualTo("crypto-anomaly@1");
    assertThat(model.path("kind").asText()).isEqualTo("gmm");
    assertThat(model.path("per_symbol").isBoolean()).isTrue();
    // Counts are integers, never 12.0; measures are numbers or null, never the string "NaN".
    assertThat(model.path("counts").path("events").isIntegralNumber()).isTrue();
    assertThat(model.path("counts").path("events").asLong()).isGreaterThan(5);
    assertThat(model.path("counts").path("alerts").isIntegralNumber()).isTrue();
    // Symbol-days can be fractional: always a measure, never moving between the two maps.
    assertThat(model.path("counts").has("symbol_days")).isFalse();
    assertThat(model.path("metrics").path("symbol_days").isNumber()).isTrue();
    JsonNode metrics = model.path("metrics");
    assertThat(metrics.path("event_recall").asDouble()).isBetween(0.0, 1.0);
    assertThat(metrics.path("false_alerts_per_symbol_day").asDouble()).isGreaterThanOrEqualTo(0);
    assertThat(metrics.has("pr_auc")).isTrue();
    // Alert volume against the budget, pooled and symbol by symbol.
    assertThat(metrics.path("alerts_per_symbol_day").asDouble()).isPositive();
    assertThat(metrics.path("symbol_rate_to_budget_min").asDouble())
        .isLessThanOrEqualTo(metrics.path("symbol_rate_to_budget_max").asDouble());
    assertThat(metrics.path("symbols_within_budget_band").asDouble()).isBetween(0.0, 1.0);
    metrics
        .properties()
        .forEach(
            e ->
                assertThat(e.getValue().isNumber() || e.getValue().isNull())
                    .as(e.getKey())
                    .isTrue());
    try (var files = java.nio.file.Files.list(home.resolve("evaluations"))) {
      assertThat(files.count()).isGreaterThanOrEqualTo(1);
    }
    assertOneLineUserError(
        Cli.run(env, CLOCK, "evaluate", "--labels", home.resolve("nope.csv").toString()),
        "does not exist");
  }

  @Test
  void perSymbolModelsAreTrainedDetectedAndEvaluatedEachOnItsOwnSymbol() throws Exception {
    Cli.Result trained =
        Cli.run(
            env,
            CLOCK,
            "train",
            "--model",
            "kmeans",
            "--clusters",
            "3",
            "--per-symbol",
            "--name",
            "each",
            "--symbols",
            "BTCUSDT,ETHUSDT");
    assertThat(trained.exit()).as(trained.err()).isZero();
    assertThat(trained.out())
        .contains("each.BTCUSDT@1 is the champion")
        .contains("each.ETHUSDT@1 is the champion");
    ModelRegistry registry = new LocalModelRegistry(home);
    assertThat(registry.versions("each.BTCUSDT").get(0).manifest().symbols())
        .containsExactly("BTCUSDT");
    Cli.Result detected = Cli.run(env, CLOCK, "detect", "--model", "each", "--days", "3");
    assertThat(detected.exit()).as(detected.err()).isZero();
    assertThat(detected.out()).contains("by each.BTCUSDT@1,each.ETHUSDT@1");
    Cli.Result evaluated =
        Cli.run(
            env,
            CLOCK,
            "evaluate",
            "--labels",
            home.resolve("labels/synthetic-11.csv").toString(),
            "--models",
            "each@champion,crypto-anomaly@1",
            "--symbols",
            "BTCUSDT,ETHUSDT",
            "--json");
    assertThat(evaluated.exit()).as(evaluated.err()).isZero();
    JsonNode r = new ObjectMapper().readTree(evaluated.out()).path("models");
    assertThat(r).hasSize(2);
    assertThat(r.get(0).path("model").asText()).isEqualTo("each@champion");
    assertThat(r.get(0).path("kind").asText()).isEqualTo("kmeans");
    assertThat(r.get(0).path("per_symbol").asBoolean()).isTrue();
    assertThat(r.get(1).path("model").asText()).isEqualTo("crypto-anomaly@1");
    assertThat(r.get(1).path("per_symbol").asBoolean()).isFalse();
    assertOneLineUserError(
        Cli.run(env, CLOCK, "detect", "--model", "each", "--symbols", "SOLUSDT"),
        "no model named 'each.SOLUSDT'");
  }

  /** The champion's training part against its last two days: every feature and the score. */
  @Test
  void driftComparesRecentCandlesWithTheTrainingPart() throws Exception {
    Cli.Result r = Cli.run(env, CLOCK, "drift", "--days", "2");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out())
        .startsWith("crypto-anomaly@1: training part 2024-05-01T")
        .contains("against the last 2 days")
        .containsPattern("\\nvolatility +\\d")
        .containsPattern("\\nscore +\\d")
        .contains("alerts per symbol-day: ")
        .contains("per symbol, what moved most:")
        .doesNotContain("NaN");
    JsonNode json =
        new ObjectMapper().readTree(Cli.run(env, CLOCK, "drift", "--days", "2", "--json").out());
    assertThat(json.path("report").path("features").size()).isEqualTo(6);
    assertThat(json.path("report").path("by_symbol").size()).isEqualTo(3);
    assertThat(json.path("report").path("recent_rows").asLong()).isPositive();
    assertThat(json.path("level").asText()).isIn("stable", "moderate", "significant");
    assertOneLineUserError(Cli.run(env, CLOCK, "drift", "--days", "0"), "--days must be 1 to");
    assertOneLineUserError(
        Cli.run(env, CLOCK, "drift", "--model", "nothing-here"), "no model named 'nothing-here'");
    assertOneLineUserError(
        Cli.run(env, CLOCK, "drift", "--model", "crypto-anomaly@staging"),
        "no version with alias 'staging'");
  }

  @Test
  void badInputsAreOneLine() {
    assertOneLineUserError(Cli.run(env, CLOCK, "train", "--model", "svm"), "unknown model 'svm'");
    assertOneLineUserError(Cli.run(env, CLOCK, "train", "--clusters", "5-2"), "clusters");
    assertOneLineUserError(Cli.run(env, CLOCK, "train", "--clusters", "x"), "--clusters");
    assertOneLineUserError(
        Cli.run(env, CLOCK, "train", "--model", "gmm", "--covariance", "spherical"),
        "covariance type 'spherical'");
    assertOneLineUserError(
        Cli.run(env, CLOCK, "train", "--days", "1", "--clusters", "64"), "usable rows");
    assertOneLineUserError(
        Cli.run(env, CLOCK, "detect", "--model", "nothing-here"), "no model named 'nothing-here'");
    assertOneLineUserError(
        Cli.run(env, CLOCK, "detect", "--model", "crypto-anomaly@staging"),
        "no version with alias 'staging'");
    assertOneLineUserError(
        Cli.run(env, CLOCK, "detect", "--model", "bad name"), "model name 'bad name'");
    assertOneLineUserError(
        Cli.run(env, CLOCK, "detect", "--symbols", "DOGEUSDT"), "no spot DOGEUSDT 1m candles");
  }
}
