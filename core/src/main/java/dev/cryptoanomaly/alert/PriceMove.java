package dev.cryptoanomaly.alert;

import dev.cryptoanomaly.kline.Kline;
import java.util.List;

/**
 * What the price did over an alert, from its candles: the open of its first hit's candle, the close
 * of its last hit's, the change between them, and the close of its rarest candle. The features say
 * why a candle is unusual; this says what an analyst will be asked first: how far and which way.
 *
 * @param change relative change from {@code open} to {@code close} ({@code -0.032} is -3.2%)
 */
public record PriceMove(double open, double close, double change, double peakClose) {

  /**
   * The move over candles opening from the alert's first hit to its last hit, in order; null when
   * the store no longer holds them (a deleted series still has its alerts).
   */
  public static PriceMove of(List<Kline> candles, long peak) {
    if (candles.isEmpty()) {
      return null;
    }
    double open = candles.getFirst().open();
    double close = candles.getLast().close();
    double peakClose = close;
    for (Kline k : candles) {
      if (k.openTime() == peak) {
        peakClose = k.close();
      }
    }
    return new PriceMove(open, close, open == 0 ? Double.NaN : close / open - 1, peakClose);
  }
}
