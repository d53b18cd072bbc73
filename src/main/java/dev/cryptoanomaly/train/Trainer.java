package dev.cryptoanomaly.train;

import dev.cryptoanomaly.alert.AlertPolicy;
import dev.cryptoanomaly.alert.ScoreCalibration;
import dev.cryptoanomaly.detect.CovarianceType;
import dev.cryptoanomaly.detect.Detector;
import dev.cryptoanomaly.detect.FeatureMatrix;
import dev.cryptoanomaly.detect.GaussianMixtureDetector;
import dev.cryptoanomaly.detect.IsolationForestDetector;
import dev.cryptoanomaly.detect.KMeansDetector;
import dev.cryptoanomaly.detect.RegimeModel;
import dev.cryptoanomaly.detect.RobustZScoreDetector;
import dev.cryptoanomaly.features.FeatureRegistry;
import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Market;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.model.SeriesRows;
import dev.cryptoanomaly.model.TrainedModel;
import dev.cryptoanomaly.model.TrainingRecord;
import dev.cryptoanomaly.model.Trial;
import dev.cryptoanomaly.store.KlineStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Trains a model end to end: features from the store, a chronological split, a search over the
 * number of clusters (and covariance type for the mixture), calibration and alert threshold on
 * validation rows, and a report on test rows.
 *
 * <p>The choice among trials, in order: (1) the highest recall on {@link InjectedAnomalies} planted
 * in validation rows, at the threshold that flags the budget's share of clean validation candles
 * (rounded to 0.01, so noise does not decide); (2) for the mixture the lowest BIC, for K-Means the
 * highest silhouette; (3) fewer clusters. Cluster quality alone would pick the model that best
 * describes normal data, not the one that best separates anomalies from it.
 */
public final class Trainer {
  static final int INJECTED = 500;
  static final int QUALITY_SAMPLE = 2000;
  static final int MIN_ROWS = 200;

  private final KlineStore store;
  private final Consumer<String> progress;

  public Trainer(KlineStore store, Consumer<String> progress) {
    this.store = store;
    this.progress = progress;
  }

  public record Result(
      TrainedModel model, List<Trial> trials, Trial chosen, Map<String, Double> testMetrics) {

    /** For tracking: the request's parameters, the trials, the chosen metrics and the plots. */
    public TrainingRecord record(TrainRequest r) {
      Map<String, String> params = new LinkedHashMap<>();
      params.put("kind", r.kind().id());
      params.put("clusters", r.clusters().min() + "-" + r.clusters().max());
      params.put("covariances", r.covariances().toString());
      params.put("features", r.spec().key());
      params.put("feature_version", r.spec().version());
      params.put("symbols", String.join(",", r.series().stream().map(SeriesKey::symbol).toList()));
      params.put("interval", r.series().get(0).interval().archiveName());
      params.put("market", r.series().get(0).market().cliName());
      params.put("from", Instant.ofEpochMilli(r.from()).toString());
      params.put("to", Instant.ofEpochMilli(r.to()).toString());
      params.put("alerts_per_symbol_day", String.valueOf(r.alertsPerSymbolDay()));
      params.put("cooldown_candles", String.valueOf(r.cooldownCandles()));
      params.put("seed", String.valueOf(r.seed()));
      params.put("chosen", chosen.settings().toString());
      params.put("data_fingerprint", String.valueOf(model.manifest().get("data_fingerprint")));
      dev.cryptoanomaly.AppVersion.libraries().forEach((k, v) -> params.put("version." + k, v));
      Map<String, Double> metrics = new LinkedHashMap<>(chosen.metrics());
      metrics.putAll(testMetrics);
      return new TrainingRecord(params, trials, metrics, TrainingPlots.render(this));
    }
  }

  public Result train(TrainRequest request) {
    Interval interval = request.series().get(0).interval();
    for (SeriesKey s : request.series()) {
      if (s.interval() != interval || s.market() != request.series().get(0).market()) {
        throw new dev.cryptoanomaly.UserException(
            "one model takes one market and interval; got "
                + request.series().get(0)
                + " and "
                + s
                + " (choose --interval and --market)");
      }
    }
    progress.accept("computing features for " + request.series().size() + " series");
    List<SeriesRows> all =
        TrainingData.load(store, request.series(), request.spec(), request.from(), request.to());
    ChronologicalSplit split = ChronologicalSplit.of(request.from(), request.to());
    split.requireRows(all, Math.max(MIN_ROWS, 20 * request.clusters().max()));
    List<SeriesRows> trainParts = split.train(all);
    List<SeriesRows> validationParts = split.validation(all);
    List<SeriesRows> testParts = split.test(all);
    FeatureMatrix train = TrainingData.pooled(trainParts);
    FeatureMatrix validation = TrainingData.pooled(validationParts);
    FeatureMatrix sample = evenSample(validation, QUALITY_SAMPLE);
    FeatureMatrix injected = InjectedAnomalies.make(validation, INJECTED, request.seed());
    double candlesPerDay = 86_400_000.0 / interval.millis();
    double rate = Math.min(0.5, request.alertsPerSymbolDay() / candlesPerDay);

    List<Trial> trials = new ArrayList<>();
    for (Map<String, Object> settings : searchSpace(request)) {
      progress.accept("trial " + (trials.size() + 1) + ": " + settings);
      long t0 = System.nanoTime();
      Detector d = fit(request, settings, train);
      double fitSeconds = (System.nanoTime() - t0) / 1e9;
      Map<String, Double> m = new LinkedHashMap<>();
      double[] clean = d.score(validation);
      double[] sorted = clean.clone();
      Arrays.sort(sorted);
      double threshold = sorted[Math.min(sorted.length - 1, (int) ((1 - rate) * sorted.length))];
      double[] planted = d.score(injected);
      long caught = Arrays.stream(planted).filter(s -> s > threshold).count();
      m.put("injected_recall", caught / (double) planted.length);
      m.put("injected_auc", Auc.rocAuc(d.score(sample), planted));
      m.put("fit_seconds", fitSeconds);
      d.parameters()
          .forEach(
              (k, v) -> {
                if (v instanceof Number n && !k.equals("seed")) {
                  m.put(k, n.doubleValue());
                }
              });
      if (d instanceof RegimeModel r) {
        m.putAll(ClusterQuality.of(r, sample));
      }
      trials.add(new Trial(trials.size() + 1, settings, m, d));
    }
    Trial chosen = trials.stream().min(choiceOrder()).orElseThrow();
    progress.accept("chose trial " + chosen.number() + ": " + chosen.settings());

    Detector detector = chosen.detector();
    ScoreCalibration calibration = ScoreCalibration.fit(detector.score(validation));
    AlertPolicy policy =
        AlertPolicy.fromBudget(
            request.alertsPerSymbolDay(),
            request.cooldownCandles(),
            TrainedModel.score(detector, calibration, validationParts),
            interval.millis());
    Market market = request.series().get(0).market();
    TrainedModel scored =
        new TrainedModel(detector, request.spec(), market, interval, calibration, policy, Map.of());
    Map<String, Double> test = testMetrics(scored, testParts, request.seed());
    Map<String, Object> manifest =
        manifest(request, split, trainParts, validationParts, testParts, all, chosen, test);
    TrainedModel model =
        new TrainedModel(detector, request.spec(), market, interval, calibration, policy, manifest);
    return new Result(model, trials, chosen, test);
  }

  private static Comparator<Trial> choiceOrder() {
    Comparator<Trial> recall =
        Comparator.comparingDouble(
            t -> -Math.round(t.metrics().get("injected_recall") * 100) / 100.0);
    Comparator<Trial> quality =
        Comparator.comparingDouble(
            t -> {
              Double bic = t.metrics().get("bic");
              if (bic != null) {
                return bic;
              }
              Double silhouette = t.metrics().get("silhouette");
              return silhouette == null ? 0 : -silhouette;
            });
    Comparator<Trial> smaller =
        Comparator.comparingInt(t -> (Integer) t.settings().getOrDefault("clusters", 0));
    Comparator<Trial> auc =
        Comparator.comparingDouble(
            t -> -Math.round(t.metrics().get("injected_auc") * 1000) / 1000.0);
    return recall.thenComparing(auc).thenComparing(quality).thenComparing(smaller);
  }

  private static List<Map<String, Object>> searchSpace(TrainRequest r) {
    List<Map<String, Object>> out = new ArrayList<>();
    switch (r.kind()) {
      case KMEANS -> {
        for (int k = r.clusters().min(); k <= r.clusters().max(); k++) {
          out.add(new LinkedHashMap<>(Map.of("clusters", k)));
        }
      }
      case GMM -> {
        for (CovarianceType c : r.covariances()) {
          for (int k = r.clusters().min(); k <= r.clusters().max(); k++) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("clusters", k);
            s.put("covariance", c.cliName());
            out.add(s);
          }
        }
      }
      case IFOREST, ROBUST_Z -> out.add(new LinkedHashMap<>());
    }
    return out;
  }

  private static Detector fit(TrainRequest r, Map<String, Object> s, FeatureMatrix train) {
    return switch (r.kind()) {
      case KMEANS -> KMeansDetector.fit(train, (Integer) s.get("clusters"), r.seed());
      case GMM ->
          GaussianMixtureDetector.fit(
              train,
              (Integer) s.get("clusters"),
              CovarianceType.parse((String) s.get("covariance")),
              r.seed());
      case IFOREST -> IsolationForestDetector.fit(train, r.seed());
      case ROBUST_Z -> RobustZScoreDetector.fit(train);
    };
  }

  /** What the chosen model does on the test period: alerts per symbol-day and planted recall. */
  private static Map<String, Double> testMetrics(
      TrainedModel model, List<SeriesRows> testParts, long seed) {
    Map<String, Double> e = ModelEvaluation.of(model, testParts, seed + 1);
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("test_rows", e.get("rows"));
    m.put("test_alerts_per_symbol_day", e.get("alerts_per_symbol_day"));
    m.put("test_injected_recall_at_threshold", e.get("injected_recall"));
    m.put("alert_probability_threshold", model.policy().threshold());
    return m;
  }

  private static FeatureMatrix evenSample(FeatureMatrix m, int max) {
    if (m.rows() <= max) {
      return m;
    }
    int[] idx = new int[max];
    for (int i = 0; i < max; i++) {
      idx[i] = (int) ((long) i * m.rows() / max);
    }
    return m.select(idx);
  }

  private static Map<String, Object> manifest(
      TrainRequest r,
      ChronologicalSplit split,
      List<SeriesRows> train,
      List<SeriesRows> validation,
      List<SeriesRows> test,
      List<SeriesRows> all,
      Trial chosen,
      Map<String, Double> testMetrics) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", r.kind().id());
    m.put("features", r.spec().features().stream().map(f -> f.id()).toList());
    m.put("feature_set", r.spec().key());
    m.put("feature_version", FeatureRegistry.VERSION);
    m.put("market", r.series().get(0).market().cliName());
    m.put("interval", r.series().get(0).interval().archiveName());
    m.put("symbols", r.series().stream().map(SeriesKey::symbol).toList());
    m.put("from", Instant.ofEpochMilli(r.from()).toString());
    m.put("to", Instant.ofEpochMilli(r.to()).toString());
    m.put("train_end", Instant.ofEpochMilli(split.trainEnd()).toString());
    m.put("validation_end", Instant.ofEpochMilli(split.validationEnd()).toString());
    m.put("rows_train", train.stream().mapToInt(SeriesRows::size).sum());
    m.put("rows_validation", validation.stream().mapToInt(SeriesRows::size).sum());
    m.put("rows_test", test.stream().mapToInt(SeriesRows::size).sum());
    m.put("data_fingerprint", TrainingData.fingerprint(all));
    m.put("settings", chosen.settings());
    m.put("parameters", chosen.detector().parameters());
    Map<String, Object> metrics = new LinkedHashMap<>(chosen.metrics());
    metrics.putAll(testMetrics);
    m.put("metrics", metrics);
    m.put("alerts_per_symbol_day_budget", r.alertsPerSymbolDay());
    m.put("cooldown_candles", r.cooldownCandles());
    m.put("seed", r.seed());
    m.put("clusters_searched", r.clusters().min() + "-" + r.clusters().max());
    m.put("covariances_searched", r.covariances().stream().map(CovarianceType::cliName).toList());
    m.put("java", Runtime.version().toString());
    m.put("libraries", dev.cryptoanomaly.AppVersion.libraries());
    m.put("created", Instant.now().toString());
    return m;
  }
}
