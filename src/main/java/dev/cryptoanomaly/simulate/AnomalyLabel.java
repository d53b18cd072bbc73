package dev.cryptoanomaly.simulate;

import java.time.Instant;

/** One injected anomaly: the open times of its first and last affected candle, both included. */
public record AnomalyLabel(String symbol, Instant start, Instant end, AnomalyKind kind) {}
