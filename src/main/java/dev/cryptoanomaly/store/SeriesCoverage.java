package dev.cryptoanomaly.store;

import dev.cryptoanomaly.kline.SeriesKey;

/**
 * What the store holds for one series: first and last open time, rows, and the candles missing
 * between them.
 */
public record SeriesCoverage(
    SeriesKey series, long firstOpenTime, long lastOpenTime, long rows, long missing, int gaps) {}
