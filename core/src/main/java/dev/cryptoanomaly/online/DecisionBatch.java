package dev.cryptoanomaly.online;

import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.store.SeriesDetections;
import dev.cryptoanomaly.store.StoredAnomaly;
import dev.cryptoanomaly.store.StoredDecision;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decisions made since the last write, grouped for storing: per model version, per series (by the
 * identity of its state, so no key is hashed again), each alert group once at its latest; and the
 * announcements they raised. The stream workers and the Flink job write what they decided through
 * it, so both store the same records.
 */
public final class DecisionBatch {
  private final Map<LoadedModel, Map<SeriesDetection, Builder>> byModel = new IdentityHashMap<>();
  private final List<AlertEvent> events = new ArrayList<>();
  private int decisions;

  /** Adds what one candle's {@code steps} produced for {@code series}. */
  public void add(SeriesDetection state, SeriesKey series, List<SeriesDetection.Step> steps) {
    Builder b =
        byModel
            .computeIfAbsent(state.model(), k -> new IdentityHashMap<>())
            .computeIfAbsent(state, k -> new Builder(series));
    for (SeriesDetection.Step s : steps) {
      b.decisions.add(s.decision());
      decisions++;
      if (s.group() != null) {
        b.group(s.group());
      }
      if (s.event() != null) {
        events.add(s.event());
      }
    }
  }

  /** An announcement made again (a redelivered candle whose alert may not have gone out). */
  public void announceAgain(AlertEvent event) {
    events.add(event);
  }

  /** Decisions held. */
  public int decisions() {
    return decisions;
  }

  public boolean isEmpty() {
    return decisions == 0 && events.isEmpty();
  }

  /** The announcements, in the order they were raised. */
  public List<AlertEvent> events() {
    return events;
  }

  /** Each model version's decisions and alert groups, a part per series. */
  public Map<LoadedModel, List<SeriesDetections>> parts() {
    Map<LoadedModel, List<SeriesDetections>> out = new IdentityHashMap<>();
    byModel.forEach(
        (m, series) -> {
          List<SeriesDetections> parts = new ArrayList<>(series.size());
          series.values().forEach(b -> parts.add(b.build()));
          out.put(m, parts);
        });
    return out;
  }

  /** One series' share of a batch. */
  private static final class Builder {
    final SeriesKey series;
    final List<StoredDecision> decisions = new ArrayList<>(2);
    private Map<Long, StoredAnomaly> groups; // rarely needed: made on the first group

    Builder(SeriesKey series) {
      this.series = series;
    }

    void group(StoredAnomaly g) {
      if (groups == null) {
        groups = new LinkedHashMap<>();
      }
      groups.put(g.firstHit(), g);
    }

    SeriesDetections build() {
      return new SeriesDetections(
          series, decisions, groups == null ? List.of() : List.copyOf(groups.values()));
    }
  }
}
