package dev.cryptoanomaly.web;

import dev.cryptoanomaly.Numbers;
import dev.cryptoanomaly.UserException;
import dev.cryptoanomaly.detect.CovarianceType;
import dev.cryptoanomaly.features.Feature;
import dev.cryptoanomaly.features.FeatureRegistry;
import dev.cryptoanomaly.features.FeatureSpec;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.model.ModelKind;
import dev.cryptoanomaly.model.ModelNames;
import dev.cryptoanomaly.model.ModelRef;
import dev.cryptoanomaly.model.TrainingHistory;
import dev.cryptoanomaly.model.Trial;
import dev.cryptoanomaly.model.registry.ModelRegistry;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.train.ClusterRange;
import dev.cryptoanomaly.train.ModelPeriod;
import dev.cryptoanomaly.train.Registration;
import dev.cryptoanomaly.train.SeriesSelection;
import dev.cryptoanomaly.train.TrainRequest;
import dev.cryptoanomaly.train.Trainer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Training: the choices of {@code train} as a form (features with their descriptions from the
 * registry), training as a background job, and the tuning curves of the search.
 */
final class TrainingPage {
  static final String TRAIN = "train";
  private final Dashboard d;

  TrainingPage(Dashboard d) {
    this.d = d;
  }

  Map<String, Object> model() {
    PageModel p = new PageModel();
    p.put("kinds", List.of("kmeans", "gmm", "iforest", "robust_z"));
    List<Map<String, Object>> features = new ArrayList<>();
    for (Feature f : FeatureRegistry.all()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", f.id());
      m.put("description", f.description());
      m.put("spec", FeatureRegistry.SPECIFICATION.contains(f));
      features.add(m);
    }
    p.put("features", features);
    List<Map<String, Object>> coverage = p.section("coverage", () -> d.coverage(0), List.of());
    p.put("symbols", coverage.stream().map(c -> c.get("symbol")).distinct().toList());
    // A model takes one market and interval: offer the stored ones, the one with most rows first.
    Map<String, Long> rowsBySeriesKind = new LinkedHashMap<>();
    for (Map<String, Object> c : coverage) {
      rowsBySeriesKind.merge(
          c.get("market") + " " + c.get("interval"),
          ((Number) c.get("rows")).longValue(),
          Long::sum);
    }
    List<String> kinds =
        rowsBySeriesKind.entrySet().stream()
            .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
            .map(Map.Entry::getKey)
            .toList();
    p.put("markets", kinds.stream().map(k -> k.split(" ")[0]).distinct().toList());
    p.put("intervals", kinds.stream().map(k -> k.split(" ")[1]).distinct().toList());
    if (coverage.isEmpty()) {
      p.hint("There is nothing to train on yet: download candles on the Data Management page.");
    }
    p.section("models", () -> models(d.reachableRegistry()), List.of());
    p.put("openable", true);
    p.put("jobs", d.jobs.recent(TRAIN));
    return p.toMap();
  }

  static List<Map<String, Object>> models(ModelRegistry registry) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (String name : registry.names()) {
      for (ModelRegistry.Version v : registry.versions(name).reversed()) {
        out.add(Dashboard.version(registry, v));
      }
    }
    return out;
  }

  BackgroundJobs.View start(Fields f) {
    ModelKind kind = f.parsed("model", "kmeans", ModelKind::parse);
    String clustersAsked = f.text("clusters", "8");
    ClusterRange clusters = TrainRequest.clusters(kind, clustersAsked);
    List<CovarianceType> covariances =
        (f.list("covariance").isEmpty() ? List.of("full", "diagonal") : f.list("covariance"))
            .stream().map(CovarianceType::parse).toList();
    List<String> chosen = f.list("features");
    FeatureSpec spec =
        TrainRequest.features(kind, chosen.isEmpty() ? "spec" : String.join(",", chosen));
    SeriesSelection selection =
        SeriesSelection.parse(
            f.symbols("symbols", null), f.text("interval", null), f.text("market", null));
    Integer days = f.integer("days", null, 1, 20_000);
    String start = f.date("start");
    String end = f.date("end");
    String name = f.text("name", ModelRef.DEFAULT_NAME);
    ModelNames.require(name);
    double budget = f.number("alerts_per_day", 2, 0.01, 1_000);
    java.time.Duration cooldown =
        f.parsed(
            "cooldown",
            dev.cryptoanomaly.alert.Cooldown.DEFAULT_TEXT,
            dev.cryptoanomaly.alert.Cooldown::parse);
    long seed = f.integer("seed", 42, 0, Integer.MAX_VALUE);
    ModelRegistry registry = d.reachableRegistry();
    return d.jobs.submit(
        TRAIN,
        "train " + kind.id() + " (clusters " + clustersAsked + ") as " + name,
        job -> {
          try (KlineStore store = d.openStore()) {
            LocalDate today = LocalDate.now(d.clock.withZone(ZoneOffset.UTC));
            ModelPeriod period = ModelPeriod.resolve(store, selection, days, start, end, today);
            TrainRequest request =
                new TrainRequest(
                    kind,
                    clusters,
                    covariances,
                    spec,
                    period.series(),
                    period.from(),
                    period.to(),
                    budget,
                    cooldown,
                    seed);
            job.log(
                "training "
                    + kind.id()
                    + " on "
                    + String.join(",", period.symbols())
                    + " "
                    + period.series().get(0).interval().archiveName()
                    + ", "
                    + Instant.ofEpochMilli(period.from())
                    + " to "
                    + Instant.ofEpochMilli(period.to())
                    + ", features "
                    + spec.key());
            Trainer.Result result =
                new Trainer(
                        store,
                        step -> {
                          job.log(step.message());
                          if (step.trial() > 0) {
                            job.update(Math.min(0.95, step.fraction()), step.message());
                          }
                        })
                    .train(request);
            Registration.Registered r =
                Registration.register(registry, name, result, d.clock.instant());
            job.log(
                "registered "
                    + r.version().ref()
                    + " in the "
                    + registry.describe()
                    + (r.crowned() ? "; it is the champion (the first version)" : ""));
            return result(registry, r, result, period.series());
          }
        });
  }

  private static Map<String, Object> result(
      ModelRegistry registry, Registration.Registered r, Trainer.Result result, List<SeriesKey> s) {
    List<TrainingHistory.TrialRow> trials = new ArrayList<>();
    for (Trial t : result.trials()) {
      trials.add(new TrainingHistory.TrialRow(t.number(), t.settings().params(), t.metrics()));
    }
    Map<String, Object> out = view(registry, r.version(), trials);
    out.put("crowned", r.crowned());
    out.put("symbols", s.stream().map(SeriesKey::symbol).toList());
    return out;
  }

  /**
   * A past training as the page shows a finished one: the version, its split, its trials (the
   * chosen one and the degenerate ones marked) and its test metrics, from the registry.
   */
  Map<String, Object> history(String refText) {
    if (refText == null || refText.isBlank()) {
      throw new UserException("field 'ref' is required: a registered version such as name@3");
    }
    ModelRef ref;
    try {
      ref = ModelRef.parse(refText);
    } catch (UserException e) {
      throw new UserException("field 'ref': " + e.getMessage(), e);
    }
    ModelRegistry registry = d.reachableRegistry();
    ModelRegistry.Version v;
    try {
      v = registry.resolve(ref);
    } catch (UserException e) {
      throw new UserException("field 'ref': " + e.getMessage(), e);
    }
    List<TrainingHistory.TrialRow> trials =
        registry.training(v).map(TrainingHistory::trials).orElse(List.of());
    Map<String, Object> out = view(registry, v, trials);
    out.put("crowned", false);
    out.put("symbols", v.manifest().recipe().symbols());
    if (trials.isEmpty()) {
      out.put("note", v.ref() + " was registered without its trials; only its metrics are shown");
    }
    return out;
  }

  private static Map<String, Object> view(
      ModelRegistry registry, ModelRegistry.Version v, List<TrainingHistory.TrialRow> trials) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("model", Dashboard.version(registry, v));
    Map<String, String> chosen = v.manifest().settings().params();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (TrainingHistory.TrialRow t : trials) {
      Map<String, Object> m = new LinkedHashMap<>();
      t.settings().forEach((k, x) -> m.put(k, k.equals("clusters") ? Integer.valueOf(x) : x));
      m.put("number", t.number());
      m.put("chosen", t.settings().equals(chosen));
      m.put("metrics", t.metrics());
      m.put("degenerate", degenerate(t.metrics()));
      rows.add(m);
    }
    out.put("trials", rows);
    Map<String, Object> test = new LinkedHashMap<>();
    v.manifest()
        .metrics()
        .forEach(
            (k, x) -> {
              if (k.startsWith("test_")) {
                test.put(k.substring(5), x);
              }
            });
    out.put("test", test);
    out.put("split", split(v));
    return out;
  }

  /** Why a trial's model is not what its settings asked for, or null when it is. */
  static String degenerate(Map<String, Double> metrics) {
    Double used = metrics.get("regimes_used");
    Double asked = metrics.get("components");
    if (used != null && asked != null && used < asked) {
      return String.format(
          Locale.ROOT, "only %d of %d components used", used.intValue(), asked.intValue());
    }
    Double auc = metrics.get("injected_auc");
    if (auc != null && auc < 0.5) {
      return "ranks injected anomalies worse than chance (AUC " + Numbers.format(auc) + ")";
    }
    return null;
  }

  /** The chronological split: each part's period and rows. */
  private static Map<String, Object> split(ModelRegistry.Version v) {
    var recipe = v.manifest().recipe();
    var s = v.manifest().split();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("train", part(recipe.from(), s.trainEnd(), s.rowsTrain()));
    out.put("validation", part(s.trainEnd(), s.validationEnd(), s.rowsValidation()));
    out.put("test", part(s.validationEnd(), recipe.to(), s.rowsTest()));
    return out;
  }

  private static Map<String, Object> part(Instant from, Instant to, int rows) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("from", Numbers.instant(from.toEpochMilli()));
    m.put("to", Numbers.instant(to.toEpochMilli()));
    m.put("rows", rows);
    return m;
  }
}
