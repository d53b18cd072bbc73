package dev.cryptoanomaly.online;

import dev.cryptoanomaly.alert.Alert;
import dev.cryptoanomaly.alert.AlertGrouper;
import dev.cryptoanomaly.features.Feature;
import dev.cryptoanomaly.features.FeatureJob;
import dev.cryptoanomaly.features.FeatureRegistry;
import dev.cryptoanomaly.features.FeatureRow;
import dev.cryptoanomaly.features.FeatureState;
import dev.cryptoanomaly.kline.Kline;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.store.StoredAnomaly;
import dev.cryptoanomaly.store.StoredDecision;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One series' online detection by one model version: streaming features, score, tail probability,
 * alert grouping. The state can always be rebuilt from the store (candles, the last decision, the
 * open alert), so a restarted worker or a new owner of the series continues exactly where the last
 * one stopped, and a gap is caught up from the stored candles.
 */
public final class SeriesDetection {
  private final SeriesKey series;
  private final LoadedModel model;
  private final FeatureState features;
  private final AlertGrouper grouper;
  private final java.util.function.DoubleUnaryOperator calibration;
  private String groupExplanation;
  private long lastDecided;
  private long confirmedIn = -1;

  /** The candles a restarted state is warmed with: those of the warm-up span before the last. */
  private final ArrayDeque<Kline> recent = new ArrayDeque<>();

  private final int warmup;
  private final boolean waitsForReference;

  /** The alert group this state last produced or was restored with; null when none. */
  private StoredAnomaly lastGroup;

  /** What one candle produced: its decision, the alert group it changed and the announcement. */
  public record Step(StoredDecision decision, StoredAnomaly group, AlertEvent event) {}

  private SeriesDetection(SeriesKey series, LoadedModel model) {
    this.series = series;
    this.model = model;
    this.features =
        new FeatureState(
            series.interval(),
            model.model().spec(),
            series.symbol().equals(FeatureRegistry.REFERENCE_SYMBOL));
    this.grouper = new AlertGrouper(model.model().policy(), series.symbol());
    this.calibration = model.model().calibration().of(series.symbol());
    this.lastDecided = Long.MIN_VALUE;
    this.warmup = FeatureState.warmupCandles(model.model().spec());
    this.waitsForReference =
        model.model().spec().needs(Feature.Input.REFERENCE)
            && !series.symbol().equals(FeatureRegistry.REFERENCE_SYMBOL);
  }

  /**
   * Rebuilds the state of a series from the store: after the last candle this version decided, or
   * when it decided none, just before {@code firstOpenTime}.
   */
  public static SeriesDetection resume(
      KlineStore store, SeriesKey series, LoadedModel model, long firstOpenTime) {
    SeriesDetection d = new SeriesDetection(series, model);
    OptionalLong last = store.lastDecision(series, model.name(), model.version());
    d.warmBefore(store, last.isPresent() ? last.getAsLong() + 1 : firstOpenTime);
    if (last.isPresent()) {
      d.lastDecided = last.getAsLong();
      Optional<StoredAnomaly> open = store.latestAnomaly(series, model.name(), model.version());
      open.ifPresent(a -> d.restore(a));
    }
    return d;
  }

  /**
   * A fresh state that decides from {@code from} on, warmed with the stored candles before it and
   * ignoring what was decided before: what a backfill of a period starts with, as {@code detect}
   * scores a period on its own.
   */
  public static SeriesDetection startingAt(
      KlineStore store, SeriesKey series, LoadedModel model, long from) {
    SeriesDetection d = new SeriesDetection(series, model);
    d.warmBefore(store, from);
    return d;
  }

  /**
   * Rebuilds the state a {@link #snapshot()} describes: the same decisions follow as from the state
   * it was taken of (a stream processor's checkpointed state, where the store may already hold
   * decisions made after the checkpoint).
   */
  public static SeriesDetection restore(
      SeriesKey series, LoadedModel model, DetectionSnapshot snapshot) {
    SeriesDetection d = new SeriesDetection(series, model);
    d.warm(snapshot.recent());
    d.lastDecided = snapshot.lastDecided();
    if (snapshot.group() != null) {
      d.restore(snapshot.group());
    }
    return d;
  }

  /** What {@link #restore(SeriesKey, LoadedModel, DetectionSnapshot)} needs. */
  public DetectionSnapshot snapshot() {
    return new DetectionSnapshot(List.copyOf(recent), lastDecided, lastGroup);
  }

  /** Warms with the stored candles of the warm-up span before {@code end}. */
  private void warmBefore(KlineStore store, long end) {
    warm(store.read(series, FeatureJob.warmupStart(series.interval(), end, warmup), end));
  }

  private void warm(List<Kline> candles) {
    features.warm(candles);
    candles.forEach(this::remember);
  }

  /** Keeps the candles of the warm-up span before {@code k}, the newest. */
  private void remember(Kline k) {
    recent.addLast(k);
    long from = FeatureJob.warmupStart(series.interval(), k.openTime() + 1, warmup);
    while (recent.peekFirst().openTime() < from) {
      recent.removeFirst();
    }
  }

  private void restore(StoredAnomaly a) {
    lastGroup = a;
    grouper.restore(
        new Alert(
            series.symbol(),
            a.firstHit(),
            a.lastHit(),
            a.openTime(),
            0,
            a.score(),
            a.probability(),
            a.severity(),
            a.hits()));
    groupExplanation = a.explanationJson();
  }

  public LoadedModel model() {
    return model;
  }

  /** The champion generation in which this state's model was last confirmed. */
  public long confirmedIn() {
    return confirmedIn;
  }

  public void confirm(long generation) {
    confirmedIn = generation;
  }

  public long lastDecided() {
    return lastDecided;
  }

  /**
   * Whether this state's model compares the series with the market reference, so that its candles
   * must wait for the reference's of the same open time (the reference itself never waits).
   */
  public boolean waitsForReference() {
    return waitsForReference;
  }

  /**
   * Takes a candle from the bus, for a model without market-relative features. A candle already
   * decided gives nothing; after a gap, the stored candles in between are decided first, so no
   * candle is skipped.
   */
  public List<Step> take(
      KlineStore store, Kline k, long publishedMicros, long nowMicros, long nowMillis) {
    return take(store, k, ReferenceReturns.NONE, publishedMicros, nowMicros, nowMillis);
  }

  /**
   * The same with the market reference's returns, which a market-relative model reads at each
   * candle's open time (NaN where the reference has none: the row is then excluded, as in batch).
   */
  public List<Step> take(
      KlineStore store,
      Kline k,
      ReferenceReturns reference,
      long publishedMicros,
      long nowMicros,
      long nowMillis) {
    List<Step> steps = new ArrayList<>(1);
    if (k.openTime() <= lastDecided) {
      return steps;
    }
    if (lastDecided != Long.MIN_VALUE && k.openTime() > series.interval().next(lastDecided)) {
      for (Kline missed : store.read(series, series.interval().next(lastDecided), k.openTime())) {
        steps.add(step(missed, reference, -1, nowMicros, nowMillis));
      }
    }
    steps.add(step(k, reference, publishedMicros, nowMicros, nowMillis));
    return steps;
  }

  private Step step(
      Kline k, ReferenceReturns reference, long publishedMicros, long nowMicros, long nowMillis) {
    lastDecided = k.openTime();
    FeatureRow row = features.update(k, reference.at(k.openTime()));
    remember(k);
    if (row == null || !row.valid()) {
      String why = row == null ? "late" : row.exclusion().id();
      return new Step(
          new StoredDecision(
              k.openTime(), Double.NaN, Double.NaN, false, why, null, publishedMicros, nowMicros),
          null,
          null);
    }
    double score = model.model().detector().score(row.values());
    double p = calibration.applyAsDouble(score);
    Alert before = grouper.current();
    grouper.accept(k.openTime(), score, p, 0);
    Alert now = grouper.current();
    boolean hit = now != before;
    if (!hit) {
      return new Step(
          new StoredDecision(k.openTime(), score, p, false, null, null, publishedMicros, nowMicros),
          null,
          null);
    }
    if (now.peak() == k.openTime()) {
      groupExplanation = model.model().detector().explain(row.values()).toJson();
    }
    String kind = null;
    if (before == null || before.firstHit() != now.firstHit()) {
      kind = AlertEvent.OPENED;
    } else if (now.severity().compareTo(before.severity()) > 0) {
      kind = AlertEvent.ESCALATED;
    }
    StoredAnomaly group =
        new StoredAnomaly(
            now.peak(),
            model.name(),
            model.version(),
            now.firstHit(),
            now.lastHit(),
            now.hits(),
            now.score(),
            now.probability(),
            now.severity(),
            groupExplanation,
            nowMillis);
    lastGroup = group;
    AlertEvent event = kind == null ? null : event(kind, group);
    return new Step(
        new StoredDecision(
            k.openTime(),
            score,
            p,
            true,
            null,
            event == null ? null : event.severity(),
            publishedMicros,
            nowMicros),
        group,
        event);
  }

  /** The announcement of a stored alert group. */
  public AlertEvent event(String kind, StoredAnomaly group) {
    return new AlertEvent(
        series,
        model.name(),
        model.version(),
        kind,
        group.firstHit(),
        group.openTime(),
        group.lastHit(),
        group.hits(),
        group.score(),
        group.probability(),
        group.severity(),
        group.explanationJson(),
        group.detectedAt());
  }
}
