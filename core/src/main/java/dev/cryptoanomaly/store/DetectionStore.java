package dev.cryptoanomaly.store;

import dev.cryptoanomaly.kline.SeriesKey;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What detection leaves behind: alerts (batch {@code detect} and the stream workers), the workers'
 * per-candle decisions they resume from, and the announcement ledger that keeps a redelivered
 * candle from announcing twice.
 */
public interface DetectionStore {
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

  /**
   * Stored alerts matching a query (symbol, severity, model, interval, source, period), newest
   * first.
   */
  List<SeriesAnomaly> alerts(AlertQuery query);

  /** Which of these announcement keys were announced before (see {@link #markAnnounced}). */
  java.util.Set<String> announced(java.util.Collection<String> keys);

  /**
   * Records announcements as made, once all sinks have them, so a redelivered candle announces
   * nothing twice; a key recorded before is left as it was.
   */
  void markAnnounced(java.util.Collection<String> keys, long atMillis);
}
