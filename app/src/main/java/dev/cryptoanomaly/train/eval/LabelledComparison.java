package dev.cryptoanomaly.train.eval;

import dev.cryptoanomaly.UserException;
import dev.cryptoanomaly.alert.AlertPolicy;
import dev.cryptoanomaly.alert.IncidentBuilder;
import dev.cryptoanomaly.alert.IncidentRule;
import dev.cryptoanomaly.alert.IncidentSource;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.kline.Symbols;
import dev.cryptoanomaly.model.ModelManifest;
import dev.cryptoanomaly.model.ModelRef;
import dev.cryptoanomaly.model.SeriesRows;
import dev.cryptoanomaly.model.TrainedModel;
import dev.cryptoanomaly.model.registry.ModelChoice;
import dev.cryptoanomaly.model.registry.ModelRegistry;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.train.TrainingData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Models side by side against labelled events on one period: each model scores the stored candles,
 * its alert policy turns scores into alerts, and {@link EventEvaluation} counts caught events and
 * false alerts. The CLI's {@code evaluate} and the dashboard's Evaluation page both use it.
 */
public final class LabelledComparison {
  private static final long DAY = 86_400_000L;

  private LabelledComparison() {}

  /**
   * One model's outcome: its label (such as {@code crypto-anomaly@3 (gmm)}), the metrics, the
   * alerts and scored candles they were computed from, and how surprising it found those candles
   * (the scores themselves are counted as each series is scored, never kept together).
   */
  public record Outcome(
      String model,
      String kind,
      boolean perSymbol,
      Map<String, Double> metrics,
      SurpriseHistogram surprises,
      List<EventEvaluation.SeriesAlerts> alerts,
      long intervalMillis,
      List<ModelRegistry.Version> versions) {
    /** As tables show it: {@code crypto-anomaly@3 (gmm)} or {@code each (per-symbol kmeans)}. */
    public String label() {
      return model + " (" + (perSymbol ? "per-symbol " : "") + kind + ")";
    }
  }

  /** Like {@link #compare}, keeping the scores and alerts behind each model's metrics. */
  public static List<Outcome> outcomes(
      ModelRegistry registry,
      KlineStore store,
      List<ModelRef> refs,
      List<EventLabel> events,
      List<String> symbols,
      long from,
      long to,
      IncidentRule rule) {
    List<Outcome> results = new ArrayList<>();
    for (ModelRef ref : refs) {
      ModelChoice choice = choose(registry, ref, events, symbols);
      results.add(outcome(registry, store, ref, choice, events, from, to, rule));
    }
    return results;
  }

  private static Outcome outcome(
      ModelRegistry registry,
      KlineStore store,
      ModelRef ref,
      ModelChoice choice,
      List<EventLabel> events,
      long from,
      long to,
      IncidentRule rule) {
    SurpriseHistogram surprises = new SurpriseHistogram();
    List<EventEvaluation.SeriesAlerts> alerts = new ArrayList<>();
    EventEvaluation.Tally tally = null;
    try {
      long interval = 0;
      double budget = 0;
      long cooldown = 0;
      IncidentSource source = null;
      String kind = "";
      for (var group : choice.groups().entrySet()) {
        ModelRegistry.Version v = group.getKey();
        TrainedModel m = registry.load(v.name(), v.version());
        interval = m.interval().millis();
        budget = m.policy().alertsPerSymbolDay();
        cooldown = m.policy().cooldownMillis();
        source =
            IncidentSource.of(
                m.market(), m.interval(), v.name(), v.version(), v.manifest().symbols());
        kind = v.manifest().kind().id();
        if (tally == null) { // the versions of one reference share an interval
          tally = new EventEvaluation.Tally(events, interval);
        }
        // A series at a time: its scores are counted and dropped, only its alerts and runs stay.
        for (SeriesKey key : series(store, m, group.getValue())) {
          List<SeriesRows> part = TrainingData.load(store, List.of(key), m.spec(), from, to);
          AlertPolicy.Scored s = m.score(part).getFirst();
          for (double p : s.probabilities()) {
            surprises.add(p);
          }
          alerts.add(tally.add(s, m.policy().alerts(s)));
        }
      }
      if (tally == null) {
        tally = new EventEvaluation.Tally(events, interval);
      }
      Map<String, Double> metrics = new LinkedHashMap<>(tally.metrics());
      metrics.putAll(AlertRates.of(alerts, interval, budget));
      // Incidents over the symbols scored here: the scope's denominator is what was watched.
      List<String> watched = alerts.stream().map(a -> a.scored().symbol()).distinct().toList();
      metrics.putAll(
          IncidentEvaluation.evaluate(
              alerts, events, new IncidentBuilder(source, cooldown, rule, watched)));
      String model =
          choice.perSymbol()
              ? ref.toString()
              : choice.groups().keySet().iterator().next().ref().toString();
      return new Outcome(
          model,
          kind,
          choice.perSymbol(),
          metrics,
          surprises,
          alerts,
          interval,
          List.copyOf(choice.groups().keySet()));
    } finally {
      if (tally != null) {
        tally.close();
      }
    }
  }

  /** The labels' span with a day of margin on each side: {from, to} in epoch milliseconds. */
  public static long[] labelSpan(List<EventLabel> events) {
    long first = events.stream().mapToLong(EventLabel::start).min().orElseThrow();
    long last = events.stream().mapToLong(EventLabel::end).max().orElseThrow();
    return new long[] {(first / DAY - 1) * DAY, (last / DAY + 2) * DAY};
  }

  /** The held-out test period of the version a reference names (the first, when per symbol). */
  public static long[] testPeriod(ModelRegistry registry, ModelRef ref) {
    return testPeriod(ModelChoice.resolve(registry, ref, null).groups().keySet().iterator().next());
  }

  /** A version's held-out test period from its manifest: {from, to} in epoch milliseconds. */
  public static long[] testPeriod(ModelRegistry.Version v) {
    ModelManifest.Period test = v.manifest().testPeriod();
    return new long[] {test.fromMillis(), test.toMillis()};
  }

  /**
   * The models of a reference for the symbols to evaluate: the ones asked for, else the labels'
   * symbols (those the model covers), else the model's own.
   */
  private static ModelChoice choose(
      ModelRegistry registry, ModelRef ref, List<EventLabel> events, List<String> symbols) {
    if (symbols != null) {
      return ModelChoice.resolve(registry, ref, Symbols.normaliseAll(symbols));
    }
    ModelChoice own = ModelChoice.resolve(registry, ref, null);
    if (events.isEmpty()
        || events.stream().anyMatch(e -> e.symbol().equals(EventLabel.EVERY_SYMBOL))) {
      return own;
    }
    List<String> labelled = events.stream().map(EventLabel::symbol).distinct().sorted().toList();
    return own.perSymbol()
        ? ModelChoice.resolve(
            registry, ref, labelled.stream().filter(own.bySymbol()::containsKey).toList())
        : ModelChoice.resolve(registry, ref, labelled);
  }

  /** The stored series of these symbols in the model's market and interval. */
  private static List<SeriesKey> series(KlineStore store, TrainedModel m, List<String> wanted) {
    List<SeriesKey> stored = store.series();
    List<SeriesKey> out = new ArrayList<>();
    for (String s : wanted) {
      SeriesKey key = new SeriesKey(m.market(), s, m.interval());
      if (stored.contains(key)) {
        out.add(key);
      }
    }
    if (out.isEmpty()) {
      throw new UserException(
          "none of "
              + wanted
              + " has "
              + m.market()
              + " "
              + m.interval().archiveName()
              + " candles in the store");
    }
    return out;
  }
}
