package dev.cryptoanomaly.store;

import dev.cryptoanomaly.kline.Kline;
import dev.cryptoanomaly.kline.SeriesKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongConsumer;

/**
 * The store's candles and their provenance ledger: what collection, import and the simulator write
 * and what features, coverage and replays read. Writes are idempotent upserts keyed by (market,
 * symbol, interval, open_time); candles and their provenance entry commit together or not at all.
 */
public interface CandleStore {
  /**
   * Upserts candles (the last write of an open time wins) and records their provenance in one
   * transaction.
   *
   * @return the number of candles written
   */
  long write(SeriesKey series, List<Kline> klines, Provenance provenance);

  /** Records a provenance entry with no candles (a 404 gap, a quarantined file). */
  void record(Provenance provenance);

  /** The ledger entry for a source, if any. */
  Optional<Provenance> provenance(String source);

  /** Every ledger entry of a series, oldest period first. */
  List<Provenance> provenance(SeriesKey series);

  /** Every series holding at least one candle. */
  List<SeriesKey> series();

  /** Number of candles stored for a series. */
  long count(SeriesKey series);

  /** Open time of the first stored candle. */
  OptionalLong firstOpenTime(SeriesKey series);

  /** Open time of the last stored candle. */
  OptionalLong lastOpenTime(SeriesKey series);

  /**
   * Deletes a series' candles with everything derived from them (features, anomalies, decisions)
   * and its provenance entries, in one transaction, so that a later collect or import of it starts
   * afresh.
   *
   * @return the number of candles deleted; 0 when the store holds none of the series
   */
  long deleteSeries(SeriesKey series);

  /** Candles with open time in {@code [from, to)}, ascending. */
  List<Kline> read(SeriesKey series, long from, long to);

  /** Visits the stored open times of a series in ascending order. */
  void forEachOpenTime(SeriesKey series, LongConsumer visitor);

  /** Where candles are missing between the first and the last stored one. */
  default List<Gap> gaps(SeriesKey series) {
    List<Gap> gaps = new ArrayList<>();
    long[] previous = {Long.MIN_VALUE};
    forEachOpenTime(
        series,
        t -> {
          long p = previous[0];
          if (p != Long.MIN_VALUE) {
            long expected = series.interval().next(p);
            if (t > expected) {
              gaps.add(new Gap(expected, t, series.interval().candlesBetween(expected, t)));
            }
          }
          previous[0] = t;
        });
    return gaps;
  }

  /** Coverage of every series. */
  default List<SeriesCoverage> coverage() {
    List<SeriesCoverage> result = new ArrayList<>();
    for (SeriesKey key : series()) {
      List<Gap> gaps = gaps(key);
      long missing = gaps.stream().mapToLong(Gap::missing).sum();
      result.add(
          new SeriesCoverage(
              key,
              firstOpenTime(key).orElseThrow(),
              lastOpenTime(key).orElseThrow(),
              count(key),
              missing,
              gaps.size(),
              provenance(key).stream()
                  .map(Provenance::kind)
                  .collect(
                      java.util.stream.Collectors.toCollection(
                          () -> java.util.EnumSet.noneOf(Provenance.Kind.class)))));
    }
    return result;
  }
}
