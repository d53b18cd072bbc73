package dev.cryptoanomaly.store;

import dev.cryptoanomaly.kline.SeriesKey;

/**
 * Computed feature rows, by series and feature set: what {@code features} writes and training
 * reads.
 */
public interface FeatureStore {
  /**
   * Upserts feature rows, idempotent on (series, feature set, open time): recomputing a range
   * replaces its rows.
   *
   * @return the number of rows written
   */
  long writeFeatures(SeriesKey series, FeatureRows rows);

  /** Feature rows of a set with open time in {@code [from, to)}, ascending. */
  FeatureRows readFeatures(SeriesKey series, String featureSet, int width, long from, long to);
}
