package dev.cryptoanomaly.binance;

/**
 * Binance times: milliseconds, except spot data from 2025-01-01 and streams asked for microseconds.
 * Decided per value by magnitude: 16 digits (at least 1e15) are microseconds.
 */
public final class Timestamps {
  static final long MICROS_THRESHOLD = 1_000_000_000_000_000L;

  private Timestamps() {}

  public static long toMillis(long t) {
    return t >= MICROS_THRESHOLD ? t / 1000 : t;
  }
}
