package dev.cryptoanomaly.features;

import java.util.Locale;

/**
 * Why a row never reaches a model, checked in this order. Every excluded row is counted under its
 * first reason.
 */
public enum Exclusion {
  /** A window is not complete yet: the start of the data, or the candles right after a gap. */
  WARMUP_OR_GAP,
  /** The candle traded nothing; its ratios mean nothing. */
  ZERO_VOLUME,
  /** The source lacks trade counts or taker volumes (OHLCV-only files). */
  MISSING_COLUMNS,
  /** The market reference has no candle at this open time. */
  MISSING_REFERENCE,
  /** A ratio's baseline is zero (no volume, no movement in the window). */
  ZERO_BASELINE,
  /** A value came out infinite. */
  NON_FINITE;

  private final String id = name().toLowerCase(Locale.ROOT);

  /** The reason's name as stored and shown; made once, as every excluded stream row asks. */
  public String id() {
    return id;
  }
}
