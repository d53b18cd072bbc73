package dev.cryptoanomaly.simulate;

import java.time.Instant;

/**
 * One injected anomaly: the open times of its first and last affected candle, both included; the
 * symbol is {@link #EVERY_SYMBOL} for a market shock.
 */
public record AnomalyLabel(String symbol, Instant start, Instant end, AnomalyKind kind) {
  public static final String EVERY_SYMBOL = "*";
}
