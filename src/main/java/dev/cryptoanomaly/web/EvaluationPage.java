package dev.cryptoanomaly.web;

import dev.cryptoanomaly.UserException;
import dev.cryptoanomaly.alert.Alert;
import dev.cryptoanomaly.alert.AlertPolicy;
import dev.cryptoanomaly.model.ModelRef;
import dev.cryptoanomaly.model.registry.ModelRegistry;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.train.GatedPromotion;
import dev.cryptoanomaly.train.eval.EventEvaluation;
import dev.cryptoanomaly.train.eval.EventLabel;
import dev.cryptoanomaly.train.eval.EventLabels;
import dev.cryptoanomaly.train.eval.LabelledComparison;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Evaluation: registered versions with their recorded test metrics; a comparison job that scores
 * the chosen versions on one period, against a labels file from the data folder (the simulator's by
 * default), with score distributions and alerts per symbol-day; and the gated promotion.
 */
final class EvaluationPage {
  static final String EVALUATE = "evaluate";
  static final String PROMOTE = "promote";
  private static final int BINS = 40;

  /** Scores beyond this many decades of tail probability share the last bin. */
  private static final double CAP = 20;

  private final Dashboard d;

  EvaluationPage(Dashboard d) {
    this.d = d;
  }

  Map<String, Object> model() {
    PageModel p = new PageModel();
    List<Map<String, Object>> models =
        p.section("models", () -> TrainingPage.models(d.reachableRegistry()), List.of());
    if (models.isEmpty()) {
      p.hint("No model to evaluate yet: train one on the Training page.");
    }
    List<String> labels = labelFiles();
    p.put("labels", labels);
    if (labels.isEmpty()) {
      p.hint(
          "No labels file in "
              + labelsFolder()
              + ": the simulator writes one (Data Management, source synthetic); labelled metrics"
              + " need one.");
    }
    p.put(
        "jobs",
        d.jobs.list().stream()
            .filter(j -> j.kind().equals(EVALUATE) || j.kind().equals(PROMOTE))
            .limit(5)
            .toList());
    return p.toMap();
  }

  private Path labelsFolder() {
    return d.settings.home().resolve("labels");
  }

  /** Labels files the page may read: CSV files in the data folder's labels folder, by name. */
  List<String> labelFiles() {
    Path dir = labelsFolder();
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(f -> f.getFileName().toString().endsWith(".csv"))
          .map(f -> f.getFileName().toString())
          .sorted()
          .toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  BackgroundJobs.View startComparison(Fields f) {
    List<ModelRef> refs = f.list("models").stream().map(ModelRef::parse).toList();
    if (refs.isEmpty()) {
      throw new UserException(
          "field 'models' must name at least one model, such as crypto-anomaly@1");
    }
    if (refs.size() > 6) {
      throw new UserException("field 'models' takes at most 6 models to compare");
    }
    List<String> known = labelFiles();
    String labelName =
        f.text("labels", known.contains("synthetic-42.csv") ? "synthetic-42.csv" : null);
    if (labelName != null && !known.contains(labelName)) {
      throw new UserException(
          "field 'labels' must be one of the files in " + labelsFolder() + ": " + known);
    }
    Path labelFile = labelName == null ? null : labelsFolder().resolve(labelName);
    String period = f.text("period", "test");
    if (!period.equals("test") && !period.equals("labels")) {
      throw new UserException("field 'period' must be test or labels");
    }
    ModelRegistry registry = d.reachableRegistry();
    return d.jobs.submit(
        EVALUATE,
        "compare " + refs + (labelName == null ? "" : " against " + labelName),
        job -> {
          List<EventLabel> events = labelFile == null ? List.of() : EventLabels.read(labelFile);
          long[] span =
              period.equals("labels") && !events.isEmpty()
                  ? LabelledComparison.labelSpan(events)
                  : LabelledComparison.testPeriod(registry, refs.get(0));
          job.update(-1, "scoring " + refs.size() + " models");
          job.log(
              "period "
                  + Instant.ofEpochMilli(span[0])
                  + " to "
                  + Instant.ofEpochMilli(span[1])
                  + (labelFile == null ? ", no labels" : ", labels " + labelFile));
          List<LabelledComparison.Outcome> outcomes;
          try (KlineStore store = d.openStore()) {
            outcomes =
                LabelledComparison.outcomes(registry, store, refs, events, null, span[0], span[1]);
          }
          return comparison(outcomes, span, labelName);
        });
  }

  private static Map<String, Object> comparison(
      List<LabelledComparison.Outcome> outcomes, long[] span, String labels) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("from", Instant.ofEpochMilli(span[0]).toString());
    out.put("to", Instant.ofEpochMilli(span[1]).toString());
    out.put("labels", labels);
    Map<String, Map<String, Double>> metrics = new LinkedHashMap<>();
    List<Map<String, Object>> distributions = new ArrayList<>();
    List<Map<String, Object>> perDay = new ArrayList<>();
    for (LabelledComparison.Outcome o : outcomes) {
      metrics.put(o.label(), o.metrics());
      distributions.add(distribution(o));
      perDay.add(Map.of("model", o.label(), "days", alertsPerSymbolDay(o)));
    }
    out.put("metrics", metrics);
    out.put("metric_names", metrics.values().iterator().next().keySet());
    out.put("distributions", distributions);
    out.put("alerts_per_symbol_day", perDay);
    return out;
  }

  /** A histogram of -log10(tail probability), the scale on which the alert threshold sits. */
  private static Map<String, Object> distribution(LabelledComparison.Outcome o) {
    List<Double> values = new ArrayList<>();
    for (AlertPolicy.Scored s : o.scored()) {
      for (double p : s.probabilities()) {
        if (!Double.isNaN(p)) {
          values.add(Math.min(CAP, surprise(p)));
        }
      }
    }
    double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(1);
    double width = Math.max(max, 1e-9) / BINS;
    long[] counts = new long[BINS];
    for (double v : values) {
      counts[Math.min(BINS - 1, (int) (v / width))]++;
    }
    List<Double> edges = new ArrayList<>();
    for (int i = 0; i < BINS; i++) {
      edges.add(Math.round(i * width * 1000) / 1000.0);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("model", o.label());
    m.put("bins", edges);
    m.put("counts", counts);
    m.put("rows", values.size());
    return m;
  }

  static double surprise(double probability) {
    return -Math.log10(Math.max(probability, 1e-300));
  }

  private static List<Map<String, Object>> alertsPerSymbolDay(LabelledComparison.Outcome o) {
    Map<String, Integer> counts = new TreeMap<>();
    for (EventEvaluation.SeriesAlerts s : o.alerts()) {
      for (Alert a : s.alerts()) {
        String day = Instant.ofEpochMilli(a.peak()).toString().substring(0, 10);
        counts.merge(a.symbol() + " " + day, 1, Integer::sum);
      }
    }
    List<Map<String, Object>> out = new ArrayList<>();
    counts.forEach(
        (k, v) -> {
          String[] parts = k.split(" ");
          out.add(Map.of("symbol", parts[0], "day", parts[1], "alerts", v));
        });
    return out;
  }

  BackgroundJobs.View startPromotion(Fields f) {
    String name;
    Integer version;
    if (f.has("ref")) {
      ModelRef ref = ModelRef.parse(f.text("ref", null));
      if (ref.alias() != null) {
        throw new UserException("field 'ref' must name a version, such as crypto-anomaly@2");
      }
      name = ref.name();
      version = ref.version();
    } else {
      name = f.text("name", ModelRef.DEFAULT_NAME);
      version = f.integer("version", null, 1, Integer.MAX_VALUE);
    }
    if (version == null) {
      throw new UserException("field 'version' is required: the version to promote");
    }
    boolean force = f.flag("force");
    ModelRegistry registry = d.reachableRegistry();
    registry.resolve(new ModelRef(name, null, version));
    return d.jobs.submit(
        PROMOTE,
        "promote "
            + ModelRef.of(name, version)
            + " to "
            + ModelRef.CHAMPION
            + (force ? " (forced)" : ""),
        job -> {
          job.update(-1, "comparing with the champion on the candidate's test period");
          GatedPromotion.Outcome o;
          try (KlineStore store = d.openStore()) {
            o =
                GatedPromotion.promote(
                    registry, store, name, version, ModelRef.CHAMPION, force, d.clock.instant());
          }
          String said =
              o.unchanged()
                  ? ModelRef.of(name, version) + " is already the champion"
                  : "champion -> " + ModelRef.of(name, version) + (o.forced() ? " (forced)" : "");
          if (o.gate() != null) {
            job.log("gate: " + o.gate());
          }
          job.log(said);
          Map<String, Object> r = new LinkedHashMap<>();
          r.put("message", said);
          r.put("gate", o.gate());
          r.put("previous", o.previous());
          r.put("forced", o.forced());
          return r;
        });
  }
}
