package dev.cryptoanomaly.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cryptoanomaly.Numbers;
import dev.cryptoanomaly.UserException;
import dev.cryptoanomaly.kline.DateRange;
import dev.cryptoanomaly.model.ModelRef;
import dev.cryptoanomaly.model.registry.ModelRegistry;
import dev.cryptoanomaly.model.registry.Registries;
import dev.cryptoanomaly.report.LabelSources;
import dev.cryptoanomaly.report.TriageLabels;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.store.Stores;
import dev.cryptoanomaly.train.eval.EventLabel;
import dev.cryptoanomaly.train.eval.EventLabels;
import dev.cryptoanomaly.train.eval.LabelledComparison;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code evaluate}: models side by side against labelled events. */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = {
      "Evaluate registered models against labelled events (CSV symbol,start,end[,kind]; * as"
          + " symbol means every symbol): event recall, alert precision, detection delay, false"
          + " alerts per symbol-day outside events and PR-AUC over candles, side by side. No"
          + " point-adjusted F1. Results are logged where training is tracked: <data"
          + " folder>/evaluations, or a run on the MLflow server.",
      "Example: evaluate --labels .crypto-anomaly/labels/synthetic-42.csv --models"
          + " crypto-anomaly@1,crypto-anomaly@champion"
    })
final class EvaluateCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @Option(
      names = "--labels",
      required = true,
      description =
          "Labels CSV file, or triage: the alerts and incidents analysts marked (confirmed and"
              + " known-event are events, dismissed are false alerts).")
  Path labels;

  @Option(
      names = "--models",
      split = ",",
      defaultValue = ModelRef.DEFAULT,
      description = "Models to compare (default ${DEFAULT-VALUE}).")
  List<String> models;

  @Option(
      names = "--symbols",
      split = ",",
      description = "Pairs (default: the labels' symbols, or the model's when the labels say *).")
  List<String> symbols;

  @Option(
      names = "--start",
      description = "First UTC day (default: the day before the first label).")
  String start;

  @Option(names = "--end", description = "Last UTC day (default: the day after the last label).")
  String end;

  @Option(
      names = "--test-period",
      description =
          "Evaluate on the held-out test period of the first model (from its manifest) instead of"
              + " --start/--end: the honest figure for a model trained on the same data.")
  boolean testPeriod;

  @Option(names = "--json", description = "Print the results as JSON.")
  boolean json;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = main.out();
    TriageLabels triage = null;
    List<EventLabel> events;
    if (fromTriage()) {
      try (KlineStore store = Stores.open(main.settings())) {
        triage = TriageLabels.of(store);
      }
      if (triage.events().isEmpty()) {
        throw new UserException(
            "--labels triage: no alert or incident is marked confirmed or known-event yet; mark"
                + " some with `alerts triage ID --as confirmed`");
      }
      events = triage.events();
    } else {
      events = EventLabels.read(labels);
    }
    List<ModelRef> refs = models.stream().map(ModelRef::parse).toList();
    ModelRegistry registry = Registries.open(main.settings());
    if (testPeriod && (start != null || end != null)) {
      throw new UserException("use either --test-period or --start/--end, not both");
    }
    long[] span =
        testPeriod
            ? LabelledComparison.testPeriod(registry, refs.get(0))
            : LabelledComparison.labelSpan(events);
    long from =
        start != null
            ? DateRange.resolve(null, null, start, start, java.time.LocalDate.MAX, 1).fromMillis()
            : span[0];
    long to =
        end != null
            ? DateRange.resolve(null, null, end, end, java.time.LocalDate.MAX, 1).toMillis()
            : span[1];
    List<LabelledComparison.Outcome> outcomes;
    try (KlineStore store = Stores.open(main.settings())) {
      outcomes =
          LabelledComparison.outcomes(
              registry, store, refs, events, symbols, from, to, main.settings().incidentRule());
    }
    if (triage != null) {
      outcomes = withTriageMetrics(outcomes, triage);
    }
    Map<String, Map<String, Double>> results = new java.util.LinkedHashMap<>();
    outcomes.forEach(o -> results.put(o.label(), o.metrics()));
    String saved = save(registry, results, from, to);
    if (json) {
      out.println(
          new ObjectMapper()
              .writeValueAsString(
                  new EvaluationJson(
                      Numbers.instant(from),
                      Numbers.instant(to),
                      labels.toString(),
                      outcomes.stream().map(EvaluationJson.Model::of).toList())));
      return 0;
    }
    out.printf(
        "labelled events from %s, %s to %s%n",
        labels, Instant.ofEpochMilli(from), Instant.ofEpochMilli(to));
    List<String> names = new ArrayList<>(results.keySet());
    out.printf("%-30s", "metric");
    names.forEach(n -> out.printf(" %28s", n));
    out.println();
    for (String metric : results.values().iterator().next().keySet()) {
      out.printf("%-30s", metric);
      for (String n : names) {
        out.printf(Locale.ROOT, " %28s", Numbers.format(results.get(n).get(metric)));
      }
      out.println();
    }
    out.println("logged to " + saved);
    return 0;
  }

  private boolean fromTriage() {
    return LabelSources.isTriage(labels);
  }

  /** Each outcome with the measures only verdicts allow (precision over triaged alerts). */
  private static List<LabelledComparison.Outcome> withTriageMetrics(
      List<LabelledComparison.Outcome> outcomes, TriageLabels triage) {
    List<LabelledComparison.Outcome> out = new ArrayList<>();
    for (LabelledComparison.Outcome o : outcomes) {
      Map<String, Double> metrics = new LinkedHashMap<>(o.metrics());
      metrics.putAll(triage.metrics(o.alerts()));
      out.add(
          new LabelledComparison.Outcome(
              o.model(),
              o.kind(),
              o.perSymbol(),
              metrics,
              o.surprises(),
              o.alerts(),
              o.intervalMillis(),
              o.versions()));
    }
    return out;
  }

  private String save(
      ModelRegistry registry, Map<String, Map<String, Double>> results, long from, long to) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("labels", fromTriage() ? LabelSources.TRIAGE : labels.toAbsolutePath().toString());
    params.put("from", Instant.ofEpochMilli(from).toString());
    params.put("to", Instant.ofEpochMilli(to).toString());
    params.put("at", main.clock().instant().toString());
    params.put("models", String.join(",", models));
    return registry.logEvaluation(params, results);
  }
}
