package dev.cryptoanomaly.report;

import dev.cryptoanomaly.alert.PriceMove;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.store.CandleStore;
import dev.cryptoanomaly.store.StoredAnomaly;

/**
 * An alert's price move read from the stored candles of its span, where alerts are shown (the CLI's
 * tables, the Overview's feed): derived when read, so batch and stream alerts, stored the same,
 * show the same move.
 */
public final class PriceMoves {
  private PriceMoves() {}

  /** The move over the alert's candles; null when the store holds none of them. */
  public static PriceMove of(CandleStore store, SeriesKey series, StoredAnomaly a) {
    return PriceMove.of(
        store.read(series, a.firstHit(), a.lastHit() + series.interval().millis()), a.openTime());
  }
}
