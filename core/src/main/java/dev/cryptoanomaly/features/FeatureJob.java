package dev.cryptoanomaly.features;

import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Kline;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.store.FeatureRows;
import dev.cryptoanomaly.store.KlineStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Computes features of stored series over a time range, reading the candles just before the range
 * so its first rows have complete windows, and stores them. The CLI, the scheduler and training
 * call this same code.
 */
public final class FeatureJob {
  private final KlineStore store;

  public FeatureJob(KlineStore store) {
    this.store = store;
  }

  /**
   * Features of {@code series} for candles opening in {@code [from, to)}. Requested features the
   * data cannot provide are dropped and reported, never computed from zeros.
   */
  public SeriesFeatures compute(SeriesKey series, FeatureSpec requested, long from, long to) {
    Interval interval = series.interval();
    long readFrom = warmupStart(interval, from, requested.need());
    CandleColumns columns =
        BatchFeatures.columnsInParallel(interval, store.read(series, readFrom, to));
    int firstRow = 0;
    while (firstRow < columns.size() && columns.openTime(firstRow) < from) {
      firstRow++;
    }
    Map<Feature, String> unavailable = new LinkedHashMap<>();
    if (requested.needs(Feature.Input.REFERENCE)) {
      SeriesKey reference =
          new SeriesKey(series.market(), FeatureRegistry.REFERENCE_SYMBOL, interval);
      if (reference.equals(series)) {
        BatchFeatures.alignReference(columns, columns);
      } else {
        List<Kline> ref = store.read(reference, readFrom, to);
        BatchFeatures.alignReference(columns, BatchFeatures.columns(interval, ref));
      }
    }
    for (Feature f : BatchFeatures.unavailable(columns, requested, firstRow)) {
      unavailable.put(f, reason(f, series));
    }
    if (unavailable.size() == requested.size()) {
      return new SeriesFeatures(
          series,
          requested,
          unavailable,
          BatchFeatures.compute(columns, requested, columns.size()));
    }
    FeatureSpec spec = requested.without(unavailable.keySet());
    return new SeriesFeatures(
        series, spec, unavailable, BatchFeatures.computeInParallel(columns, spec, firstRow));
  }

  /** Computes and stores; returns what was computed. */
  public SeriesFeatures computeAndStore(
      SeriesKey series, FeatureSpec requested, long from, long to) {
    SeriesFeatures result = compute(series, requested, from, to);
    FeatureFrame frame = result.frame();
    if (frame.rows() > 0) {
      List<FeatureRows.Row> rows = new ArrayList<>(frame.rows());
      for (int r = 0; r < frame.rows(); r++) {
        Exclusion e = frame.exclusion(r);
        rows.add(new FeatureRows.Row(frame.openTime(r), frame.row(r), e == null ? null : e.id()));
      }
      store.writeFeatures(series, new FeatureRows(result.spec().key(), frame.width(), rows));
    }
    return result;
  }

  /** The open time from which {@code candles} windows ending at {@code from} are complete. */
  public static long warmupStart(Interval interval, long from, int candles) {
    long longest = interval.isFixed() ? interval.millis() : 31L * 86_400_000L;
    return from - candles * longest;
  }

  private static String reason(Feature f, SeriesKey series) {
    return switch (f.input()) {
      case TRADES ->
          "the " + series + " candles carry OHLCV only (no trade counts or taker volumes)";
      case REFERENCE ->
          "no "
              + FeatureRegistry.REFERENCE_SYMBOL
              + " "
              + series.market().cliName()
              + " "
              + series.interval()
              + " candles in the store for this period";
      case PRICE -> "price data is missing";
    };
  }
}
