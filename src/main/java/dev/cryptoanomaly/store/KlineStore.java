package dev.cryptoanomaly.store;

import dev.cryptoanomaly.kline.Kline;
import dev.cryptoanomaly.kline.SeriesKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongConsumer;

/**
 * The one storage contract every backend (embedded SQLite, PostgreSQL) fulfils and the contract
 * test suite checks. Writes are idempotent upserts keyed by (market, symbol, interval, open_time);
 * candles and their provenance entry commit together or not at all.
 */
public interface KlineStore extends AutoCloseable {

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

  /** Candles with open time in {@code [from, to)}, ascending. */
  List<Kline> read(SeriesKey series, long from, long to);

  /** Visits the stored open times of a series in ascending order. */
  void forEachOpenTime(SeriesKey series, LongConsumer visitor);

  /**
   * Upserts feature rows, idempotent on (series, feature set, open time): recomputing a range
   * replaces its rows.
   *
   * @return the number of rows written
   */
  long writeFeatures(SeriesKey series, FeatureRows rows);

  /** Feature rows of a set with open time in {@code [from, to)}, ascending. */
  FeatureRows readFeatures(SeriesKey series, String featureSet, int width, long from, long to);

  /**
   * Replaces the alerts a model version found for a series in {@code [from, to)} by these, in one
   * transaction: re-running detection over a period gives the same rows, never duplicates.
   */
  void replaceAnomalies(
      SeriesKey series, String model, int version, long from, long to, List<StoredAnomaly> found);

  /** Alerts of every model for a series with open time in {@code [from, to)}, ascending. */
  List<StoredAnomaly> anomalies(SeriesKey series, long from, long to);

  /**
   * Stores a worker batch in one transaction: decisions already stored for (series, model, version,
   * open time) are kept, so a redelivered candle changes nothing; each group replaces the stored
   * alert with the same first hit (its peak, and so its key, may have moved).
   */
  void writeDetections(String model, int version, List<SeriesDetections> batch);

  /** Open time of the last candle a model version decided for a series. */
  OptionalLong lastDecision(SeriesKey series, String model, int version);

  /** Decisions of a model version for a series with open time in {@code [from, to)}, ascending. */
  List<StoredDecision> decisions(SeriesKey series, String model, int version, long from, long to);

  /** The alert of a model version for a series with the latest first hit. */
  Optional<StoredAnomaly> latestAnomaly(SeriesKey series, String model, int version);

  /**
   * Alerts of every series stored or updated after {@code detectedAfter} (epoch ms), oldest update
   * first, at most {@code limit}: the feed of {@code alerts --follow} without Redis.
   */
  List<SeriesAnomaly> anomaliesDetectedAfter(long detectedAfter, int limit);

  /** The {@code limit} alerts stored or updated last, in the order of the feed above. */
  List<SeriesAnomaly> latestAnomalies(int limit);

  /** Which of these announcement keys were announced before (see {@link #markAnnounced}). */
  java.util.Set<String> announced(java.util.Collection<String> keys);

  /**
   * Records announcements as made, once all sinks have them, so a redelivered candle announces
   * nothing twice; a key recorded before is left as it was.
   */
  void markAnnounced(java.util.Collection<String> keys, long atMillis);

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
              gaps.size()));
    }
    return result;
  }

  /** A short description for messages, e.g. the file path; never a password. */
  String describe();

  @Override
  void close();
}
