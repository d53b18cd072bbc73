package dev.cryptoanomaly.online;

import dev.cryptoanomaly.alert.Incident;
import dev.cryptoanomaly.alert.IncidentRule;
import dev.cryptoanomaly.model.registry.IncidentWatch;
import dev.cryptoanomaly.store.IncidentLedger;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.store.SeriesDetections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Incidents after a batch of decisions was stored: those its alert groups touched are built again
 * from the stored alerts (the code {@code detect} runs, {@link IncidentLedger}), and those that
 * came to span more than one symbol and were never announced are returned for announcing (a
 * one-symbol incident is its alert, announced already). The stream workers and the Flink job both
 * call this, and record an announcement in the store's ledger under {@link #key(Incident)}.
 */
public final class IncidentAnnouncements {
  /** Incidents share the announcement ledger with alerts under this prefix. */
  public static final String KEY_PREFIX = "incident:";

  private IncidentAnnouncements() {}

  /** The announcement key of an incident, in the ledger and on the alerts topic. */
  public static String key(Incident incident) {
    return KEY_PREFIX + incident.id();
  }

  /** The span of alert time (epoch ms, first hit to last hit) a detection touched. */
  public record Span(long from, long to) {
    /** The smallest span holding both. */
    public Span union(Span other) {
      return new Span(Math.min(from, other.from), Math.max(to, other.to));
    }

    /** Widens {@code into}'s span of {@code model} to hold {@code span} (adds it if none). */
    public static void join(Map<LoadedModel, Span> into, LoadedModel model, Span span) {
      into.merge(model, span, Span::union);
    }

    /** Joins every span of {@code more} into {@code into}. */
    public static void joinAll(Map<LoadedModel, Span> into, Map<LoadedModel, Span> more) {
      more.forEach((model, span) -> join(into, model, span));
    }
  }

  /**
   * The span each model version's stored alert groups touched; versions without one are left out.
   */
  public static Map<LoadedModel, Span> spans(Map<LoadedModel, List<SeriesDetections>> written) {
    Map<LoadedModel, Span> spans = new LinkedHashMap<>();
    written.forEach(
        (model, parts) -> {
          for (SeriesDetections d : parts) {
            for (var g : d.groups()) {
              Span.join(spans, model, new Span(g.firstHit(), g.lastHit()));
            }
          }
        });
    return spans;
  }

  /**
   * Rebuilds the incidents the stored batch touched and returns, by announcement key, the ones to
   * announce now.
   *
   * @param written what was stored, by model version
   * @param watches what each version's incidents are built over
   */
  public static Map<String, Incident> rebuild(
      KlineStore store,
      Map<LoadedModel, List<SeriesDetections>> written,
      Function<LoadedModel, IncidentWatch> watches,
      IncidentRule rule,
      long nowMillis) {
    return rebuildSpans(store, spans(written), watches, rule, nowMillis);
  }

  /**
   * Rebuilds each version's incidents meeting its span and returns, by announcement key, the ones
   * to announce now. Rebuilding is idempotent, so the spans of several batches may be joined into
   * one.
   */
  public static Map<String, Incident> rebuildSpans(
      KlineStore store,
      Map<LoadedModel, Span> spans,
      Function<LoadedModel, IncidentWatch> watches,
      IncidentRule rule,
      long nowMillis) {
    Map<String, Incident> fresh = new LinkedHashMap<>();
    spans.forEach(
        (model, span) -> {
          IncidentWatch watch = watches.apply(model);
          for (Incident i :
              IncidentLedger.rebuild(
                  store, watch.source(), watch.builder(rule), span.from(), span.to(), nowMillis)) {
            if (i.symbols().size() > 1) {
              fresh.put(key(i), i);
            }
          }
        });
    if (!fresh.isEmpty()) {
      fresh.keySet().removeAll(store.announced(fresh.keySet()));
    }
    return fresh;
  }
}
