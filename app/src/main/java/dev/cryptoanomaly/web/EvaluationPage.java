package dev.cryptoanomaly.web;

import dev.cryptoanomaly.Numbers;
import dev.cryptoanomaly.UserException;
import dev.cryptoanomaly.alert.Alert;
import dev.cryptoanomaly.model.ModelRef;
import dev.cryptoanomaly.model.registry.ModelRegistry;
import dev.cryptoanomaly.report.LabelSources;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.train.GatedPromotion;
import dev.cryptoanomaly.train.eval.EventEvaluation;
import dev.cryptoanomaly.train.eval.EventLabel;
import dev.cryptoanomaly.train.eval.EventLabels;
import dev.cryptoanomaly.train.eval.LabelledComparison;
import dev.cryptoanomaly.train.eval.SurpriseHistogram;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
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

  private final Dashboard d;
  private final SavedEvaluations saved;

  EvaluationPage(Dashboard d) {
    this.d = d;
    this.saved = new SavedEvaluations(d.settings.home().resolve("evaluations"));
  }

  /** A comparison made earlier, as it was shown. */
  Map<String, Object> savedComparison(String name) {
    return saved.get(name);
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
    p.put("gateLabels", d.settings.gateLabels().orElse(""));
    p.section("comparisons", saved::list, List.of());
    if (labels.isEmpty()) {
      p.hint(
          "No labels file in "
              + labelsFolder()
              + ": the simulator writes one (Data Management, source synthetic); labelled metrics"
              + " need one.");
    }
    p.put("jobs", d.jobs.recent(EVALUATE, PROMOTE));
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
    String start = f.date("start");
    String end = f.date("end");
    String period = f.text("period", start != null || end != null ? "custom" : "test");
    if (!List.of("test", "labels", "custom").contains(period)) {
      throw new UserException("field 'period' must be test, labels or custom");
    }
    long[] custom = null;
    if (period.equals("custom")) {
      if (start == null || end == null) {
        throw new UserException(
            "field '" + (start == null ? "start" : "end") + "' is required for a custom period");
      }
      custom =
          new long[] {
            java.time.LocalDate.parse(start)
                .atStartOfDay(ZoneOffset.UTC)
                .toInstant()
                .toEpochMilli(),
            java.time.LocalDate.parse(end)
                .plusDays(1)
                .atStartOfDay(ZoneOffset.UTC)
                .toInstant()
                .toEpochMilli()
          };
      if (custom[1] <= custom[0]) {
        throw new UserException("field 'end': " + end + " is before the start date " + start);
      }
    }
    long[] customSpan = custom;
    ModelRegistry registry = d.reachableRegistry();
    return d.jobs.submit(
        EVALUATE,
        "compare " + refs + (labelName == null ? "" : " against " + labelName),
        job -> {
          List<EventLabel> events = labelFile == null ? List.of() : EventLabels.read(labelFile);
          long[] span =
              customSpan != null
                  ? customSpan
                  : period.equals("labels") && !events.isEmpty()
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
                LabelledComparison.outcomes(
                    registry,
                    store,
                    refs,
                    events,
                    null,
                    span[0],
                    span[1],
                    d.settings.incidentRule());
          }
          Map<String, Object> result = comparison(outcomes, span, labelName, events);
          result.put("at", Numbers.instant(d.clock.millis()));
          result.put(
              "title", "compare " + refs + (labelName == null ? "" : " against " + labelName));
          saved.save(result);
          return result;
        });
  }

  private static Map<String, Object> comparison(
      List<LabelledComparison.Outcome> outcomes,
      long[] span,
      String labels,
      List<EventLabel> events) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("from", Numbers.instant(span[0]));
    out.put("to", Numbers.instant(span[1]));
    out.put("labels", labels);
    Map<String, Map<String, Double>> metrics = new LinkedHashMap<>();
    List<Map<String, Object>> perDay = new ArrayList<>();
    for (LabelledComparison.Outcome o : outcomes) {
      metrics.put(o.label(), o.metrics());
      perDay.add(Map.of("model", o.label(), "days", alertsPerSymbolDay(o)));
    }
    out.put("metrics", metrics);
    out.put("metric_names", metrics.values().iterator().next().keySet());
    out.put("distributions", distributions(outcomes));
    out.put("alerts_per_symbol_day", perDay);
    out.put("events", perEvent(outcomes, events, span));
    out.put("warnings", warnings(outcomes, events, span, labels));
    return out;
  }

  /**
   * Histograms of -log10(tail probability) on one set of bins for every model, as shares of each
   * model's candles: a 1m and a 5m model (five times the candles) compare on the same axis.
   */
  private static List<Map<String, Object>> distributions(
      List<LabelledComparison.Outcome> outcomes) {
    double max = 1e-9;
    for (LabelledComparison.Outcome o : outcomes) {
      max = Math.max(max, o.surprises().max());
    }
    double width = max / BINS;
    List<Double> edges = new ArrayList<>();
    for (int i = 0; i < BINS; i++) {
      edges.add(Math.round(i * width * 1000) / 1000.0);
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (int m = 0; m < outcomes.size(); m++) {
      SurpriseHistogram h = outcomes.get(m).surprises();
      long[] counts = h.rebinned(BINS, width);
      long n = h.count();
      List<Double> shares = new ArrayList<>();
      for (long c : counts) {
        shares.add(n == 0 ? 0 : c / (double) n);
      }
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("model", outcomes.get(m).label());
      d.put("bins", edges);
      d.put("counts", counts);
      d.put("shares", shares);
      d.put("rows", n);
      out.add(d);
    }
    return out;
  }

  /** Each labelled event in the period, and what each model made of it (caught, delay, missed). */
  private static List<Map<String, Object>> perEvent(
      List<LabelledComparison.Outcome> outcomes, List<EventLabel> events, long[] span) {
    List<EventLabel> inPeriod =
        events.stream().filter(e -> e.end() >= span[0] && e.start() < span[1]).toList();
    Map<String, Map<String, Object>> rows = new LinkedHashMap<>();
    for (LabelledComparison.Outcome o : outcomes) {
      for (EventEvaluation.EventOutcome e :
          EventEvaluation.perEvent(o.alerts(), inPeriod, Math.max(1, o.intervalMillis()))) {
        String key = e.symbol() + " " + e.event().start() + " " + e.event().kind();
        Map<String, Object> row =
            rows.computeIfAbsent(
                key,
                k -> {
                  Map<String, Object> r = new LinkedHashMap<>();
                  r.put("symbol", e.symbol());
                  r.put("start", Numbers.instant(e.event().start()));
                  r.put("end", Numbers.instant(e.event().end()));
                  r.put("kind", e.event().kind());
                  r.put("models", new LinkedHashMap<String, Object>());
                  return r;
                });
        @SuppressWarnings("unchecked")
        Map<String, Object> byModel = (Map<String, Object>) row.get("models");
        byModel.put(
            o.label(),
            !e.scored()
                ? "not scored"
                : e.caught()
                    ? "caught at "
                        + Numbers.instant(e.firstHit())
                        + " (+"
                        + Numbers.format(e.delayCandles())
                        + " candles)"
                    : "missed");
      }
    }
    return List.copyOf(rows.values());
  }

  /** What makes a comparison misleading, said on the page beside it. */
  private static List<String> warnings(
      List<LabelledComparison.Outcome> outcomes,
      List<EventLabel> events,
      long[] span,
      String labels) {
    List<String> out = new ArrayList<>();
    java.util.Set<java.util.Set<String>> symbolSets = new java.util.LinkedHashSet<>();
    for (LabelledComparison.Outcome o : outcomes) {
      java.util.Set<String> symbols = new java.util.TreeSet<>();
      long rows = 0;
      for (EventEvaluation.SeriesAlerts s : o.alerts()) {
        symbols.add(s.scored().symbol());
        rows += s.scored().candles();
      }
      symbolSets.add(symbols);
      if (rows == 0) {
        out.add(o.label() + " has no candles in the period: its metrics are empty.");
      }
      for (ModelRegistry.Version v : o.versions()) {
        long testFrom = LabelledComparison.testPeriod(v)[0];
        if (span[0] < testFrom) {
          out.add(
              "The period overlaps the training data of "
                  + v.ref()
                  + " (trained and validated up to "
                  + Numbers.instant(testFrom)
                  + "): its scores there are optimistic.");
        }
      }
    }
    if (symbolSets.size() > 1) {
      out.add(
          "The models cover different symbols ("
              + String.join(
                  "; ",
                  symbolSets.stream().map(x -> x.isEmpty() ? "none" : String.join(",", x)).toList())
              + "): their totals are not comparable.");
    }
    if (labels != null
        && events.stream().noneMatch(e -> e.end() >= span[0] && e.start() < span[1])) {
      out.add("The period holds no labelled event of " + labels + ": recall and delay are empty.");
    }
    return out;
  }

  static double surprise(double probability) {
    return SurpriseHistogram.surprise(probability);
  }

  /**
   * Every symbol-day the model scored candles on, with its alerts (by onset): a day without alerts
   * is a cell of 0, so a quiet period draws as quiet rather than as nothing.
   */
  private static List<Map<String, Object>> alertsPerSymbolDay(LabelledComparison.Outcome o) {
    Map<String, Integer> counts = new TreeMap<>();
    for (EventEvaluation.SeriesAlerts s : o.alerts()) {
      for (long day : s.scored().days()) {
        counts.putIfAbsent(s.scored().symbol() + " " + LocalDate.ofEpochDay(day).toString(), 0);
      }
    }
    for (EventEvaluation.SeriesAlerts s : o.alerts()) {
      for (Alert a : s.alerts()) {
        String day = Instant.ofEpochMilli(a.firstHit()).toString().substring(0, 10);
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
    String gateOn = f.text("labels", null);
    List<String> known = labelFiles();
    if (gateOn != null && !gateOn.equals(LabelSources.TRIAGE) && !known.contains(gateOn)) {
      throw new UserException(
          "field 'labels' must be triage or one of the files in " + labelsFolder() + ": " + known);
    }
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
                    registry,
                    store,
                    name,
                    version,
                    ModelRef.CHAMPION,
                    force,
                    d.clock.instant(),
                    gateOn == null
                        ? LabelSources.forGate(d.settings.gateLabels(), store)
                        : gateOn.equals(LabelSources.TRIAGE)
                            ? LabelSources.triage(store)
                            : LabelSources.forGate(labelsFolder().resolve(gateOn), store));
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
