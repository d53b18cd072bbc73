package dev.cryptoanomaly.train;

import dev.cryptoanomaly.alert.AlertPolicy;
import dev.cryptoanomaly.alert.SymbolCalibration;
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
import dev.cryptoanomaly.model.DataSplit;
import dev.cryptoanomaly.model.ModelManifest;
import dev.cryptoanomaly.model.SeriesRows;
import dev.cryptoanomaly.model.TrainedModel;
import dev.cryptoanomaly.model.TrainingRecipe;
import dev.cryptoanomaly.model.TrainingRecord;
import dev.cryptoanomaly.model.Trial;
import dev.cryptoanomaly.model.TrialSettings;
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

  /**
   * Rows loaded per row fitted at most: the fit samples 60% of what is loaded down to --max-rows,
   * the threshold reads the validation 20% whole, so four times the cap leaves both well fed.
   */
  static final int LOADED_ROWS_PER_FITTED_ROW = 4;

  static final int MIN_ROWS = 200;

  private final KlineStore store;
  private final Consumer<TrainingProgress> progress;

  public Trainer(KlineStore store, Consumer<TrainingProgress> progress) {
    this.store = store;
    this.progress = progress;
  }

  public record Result(
      TrainedModel model, List<Trial> trials, Trial chosen, Map<String, Double> testMetrics) {

    /** For tracking: the request's parameters, the trials, the chosen metrics and the plots. */
    public TrainingRecord record() {
      ModelManifest m = model.manifest();
      TrainingRecipe r = m.recipe();
      Map<String, String> params = new LinkedHashMap<>();
      params.put("kind", r.kind().id());
      params.put("clusters", r.clusters());
      params.put(
          "covariances",
          String.join(",", r.covariances().stream().map(CovarianceType::cliName).toList()));
      params.put("features", m.featureSet());
      params.put("feature_version", m.featureVersion());
      params.put("symbols", String.join(",", r.symbols()));
      params.put("interval", r.interval().archiveName());
      params.put("market", r.market().cliName());
      params.put("from", r.from().toString());
      params.put("to", r.to().toString());
      params.put("alerts_per_symbol_day", String.valueOf(r.alertsPerSymbolDay()));
      params.put(
          "cooldown",
          dev.cryptoanomaly.alert.Cooldown.format(
              java.time.Duration.ofSeconds(r.cooldownSeconds())));
      params.put("seed", String.valueOf(r.seed()));
      params.put("chosen", chosen.settings().toString());
      params.put("data_fingerprint", m.dataFingerprint());
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
    // Memory is bounded by what is loaded, not by the store: past LOADED_ROWS_PER_FITTED_ROW x
    // --max-rows, whole days are sampled, staggered across the series.
    DaySample days =
        DaySample.plan(
            store,
            request.series(),
            request.from(),
            request.to(),
            (long) LOADED_ROWS_PER_FITTED_ROW * request.maxRows());
    progress.accept(
        TrainingProgress.note(
            "computing features for "
                + request.series().size()
                + " series"
                + (days.every() == 1
                    ? ""
                    : String.format(
                        java.util.Locale.ROOT,
                        ", one day in %d of each (staggered across series) of about %,d rows,"
                            + " to bound memory (--max-rows)",
                        days.every(),
                        days.estimatedRows()))));
    List<SeriesRows> all =
        TrainingData.load(
            store, request.series(), request.spec(), request.from(), request.to(), days);
    ChronologicalSplit split = ChronologicalSplit.of(all, request.from(), request.to());
    split.requireRows(all, Math.max(MIN_ROWS, 20 * request.clusters().max()));
    List<SeriesRows> trainParts = split.train(all);
    List<SeriesRows> validationParts = split.validation(all);
    List<SeriesRows> testParts = split.test(all);
    // The fits and the trials' scores take stratified samples, so that they do not grow with the
    // stored data; the alert threshold is still chosen on every validation series, whole.
    FeatureMatrix train = StratifiedSample.of(trainParts, request.maxRows());
    FeatureMatrix validation = StratifiedSample.of(validationParts, request.maxRows() / 2);
    FeatureMatrix sample = evenSample(validation, QUALITY_SAMPLE);
    FeatureMatrix injected = InjectedAnomalies.make(validation, INJECTED, request.seed());
    double candlesPerDay = 86_400_000.0 / interval.millis();
    double rate = Math.min(0.5, request.alertsPerSymbolDay() / candlesPerDay);

    List<Trial> trials = new ArrayList<>();
    List<TrialSettings> space = searchSpace(request);
    TrialFits fits = new TrialFits(request, train);
    for (TrialSettings settings : space) {
      progress.accept(
          new TrainingProgress(
              trials.size() + 1, space.size(), "trial " + (trials.size() + 1) + ": " + settings));
      long t0 = System.nanoTime();
      Detector d = fits.fit(settings);
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
    progress.accept(
        new TrainingProgress(
            0, space.size(), "chose trial " + chosen.number() + ": " + chosen.settings()));

    Detector detector = chosen.detector();
    // Offsets are relative to the pooled tail, so the fit's in-sample bias on the training rows
    // cancels; four times the rows of the validation period alone make them far less noisy (on
    // the real 5m candles, validation alone gave offsets of noise that doubled a pair's alerts).
    Map<String, double[]> bySymbol = new LinkedHashMap<>();
    for (SeriesRows part : concat(trainParts, validationParts)) {
      if (part.size() > 0) {
        bySymbol.merge(part.series().symbol(), detector.score(part.rows()), Trainer::join);
      }
    }
    SymbolCalibration calibration =
        request.perSymbolCalibration()
            ? SymbolCalibration.fit(detector.score(validation), bySymbol)
            : SymbolCalibration.fit(detector.score(validation), Map.of());
    AlertPolicy policy =
        AlertPolicy.fromBudget(
            request.alertsPerSymbolDay(),
            request.cooldown(),
            TrainedModel.score(detector, calibration, validationParts),
            interval.millis());
    Market market = request.series().get(0).market();
    TrainedModel scored =
        new TrainedModel(detector, request.spec(), market, interval, calibration, policy, null);
    Map<String, Double> test = testMetrics(scored, testParts, request.seed());
    test.put("symbol_calibrations", (double) calibration.offsets().size());
    test.put("train_rows_available", (double) rows(trainParts));
    test.put("train_rows_fitted", (double) train.rows());
    test.put("validation_rows_available", (double) rows(validationParts));
    test.put("validation_rows_sampled", (double) validation.rows());
    test.put("days_sampled_one_in", (double) days.every());
    ModelManifest manifest =
        manifest(request, split, trainParts, validationParts, testParts, all, chosen, test);
    TrainedModel model =
        new TrainedModel(detector, request.spec(), market, interval, calibration, policy, manifest);
    return new Result(model, trials, chosen, test);
  }

  private static long rows(List<SeriesRows> parts) {
    return parts.stream().mapToLong(SeriesRows::size).sum();
  }

  private static List<SeriesRows> concat(List<SeriesRows> a, List<SeriesRows> b) {
    List<SeriesRows> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  private static double[] join(double[] a, double[] b) {
    double[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
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
        Comparator.comparingInt(t -> t.settings().clusters() == null ? 0 : t.settings().clusters());
    Comparator<Trial> auc =
        Comparator.comparingDouble(
            t -> -Math.round(t.metrics().get("injected_auc") * 1000) / 1000.0);
    return recall.thenComparing(auc).thenComparing(quality).thenComparing(smaller);
  }

  private static List<TrialSettings> searchSpace(TrainRequest r) {
    List<TrialSettings> out = new ArrayList<>();
    switch (r.kind()) {
      case KMEANS -> {
        for (int k = r.clusters().min(); k <= r.clusters().max(); k++) {
          out.add(new TrialSettings(k, null));
        }
      }
      case GMM -> {
        for (CovarianceType c : r.covariances()) {
          for (int k = r.clusters().min(); k <= r.clusters().max(); k++) {
            out.add(new TrialSettings(k, c));
          }
        }
      }
      case IFOREST, ROBUST_Z -> out.add(TrialSettings.NONE);
    }
    return out;
  }

  /**
   * Fits a search's trials on one training matrix. K-Means trials share one preparation (checked,
   * scaled, laid out), made by the first of them and counted in its fit time.
   */
  private static final class TrialFits {
    private final TrainRequest request;
    private final FeatureMatrix train;
    private KMeansDetector.Prepared clusterRows;

    TrialFits(TrainRequest request, FeatureMatrix train) {
      this.request = request;
      this.train = train;
    }

    Detector fit(TrialSettings s) {
      return switch (request.kind()) {
        case KMEANS -> clusterRows().fit(s.clusters(), request.seed());
        case GMM ->
            GaussianMixtureDetector.fit(train, s.clusters(), s.covariance(), request.seed());
        case IFOREST -> IsolationForestDetector.fit(train, request.seed());
        case ROBUST_Z -> RobustZScoreDetector.fit(train);
      };
    }

    private KMeansDetector.Prepared clusterRows() {
      if (clusterRows == null) {
        clusterRows = KMeansDetector.prepare(train);
      }
      return clusterRows;
    }
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

  private static ModelManifest manifest(
      TrainRequest r,
      ChronologicalSplit split,
      List<SeriesRows> train,
      List<SeriesRows> validation,
      List<SeriesRows> test,
      List<SeriesRows> all,
      Trial chosen,
      Map<String, Double> testMetrics) {
    Map<String, Double> metrics = new LinkedHashMap<>(chosen.metrics());
    metrics.putAll(testMetrics);
    return new ModelManifest(
        ModelManifest.FORMAT,
        r.recipe(),
        new DataSplit(
            Instant.ofEpochMilli(split.trainEnd()),
            Instant.ofEpochMilli(split.validationEnd()),
            train.stream().mapToInt(SeriesRows::size).sum(),
            validation.stream().mapToInt(SeriesRows::size).sum(),
            test.stream().mapToInt(SeriesRows::size).sum()),
        TrainingData.fingerprint(all),
        chosen.settings(),
        chosen.detector().parameters(),
        metrics,
        r.spec().key(),
        FeatureRegistry.VERSION,
        Runtime.version().toString(),
        dev.cryptoanomaly.AppVersion.libraries(),
        Instant.now());
  }
}
