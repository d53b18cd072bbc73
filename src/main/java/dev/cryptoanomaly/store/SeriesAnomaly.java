package dev.cryptoanomaly.store;

import dev.cryptoanomaly.kline.SeriesKey;

/** A stored alert with its series, for feeds across all series. */
public record SeriesAnomaly(SeriesKey series, StoredAnomaly anomaly) {}
