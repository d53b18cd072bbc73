package dev.cryptoanomaly.store;

import dev.cryptoanomaly.alert.Severity;

/**
 * What a stream worker decided for one candle: its score and tail probability (NaN when the row was
 * excluded, with the reason), whether it was a hit, and the alert event it raised (its severity, or
 * null). Times are epoch microseconds; {@code publishedAtMicros} is -1 for candles the worker
 * caught up on from the store rather than received.
 */
public record StoredDecision(
    long openTime,
    double score,
    double probability,
    boolean hit,
    String exclusion,
    Severity alert,
    long publishedAtMicros,
    long decidedAtMicros) {}
