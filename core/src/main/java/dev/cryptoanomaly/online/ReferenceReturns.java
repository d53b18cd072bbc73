package dev.cryptoanomaly.online;

/**
 * The market reference's log return at an open time, as a series' market-relative return needs it
 * while its candles arrive: what the reference has shown so far.
 */
public interface ReferenceReturns {
  /** For models without market-relative features: the reference is never consulted. */
  ReferenceReturns NONE =
      new ReferenceReturns() {
        @Override
        public double at(long openTime) {
          return Double.NaN;
        }

        @Override
        public boolean reached(long openTime) {
          return true;
        }
      };

  /**
   * The reference's log return at {@code openTime}: NaN where it has no candle there or none before
   * it, as batch computes it.
   */
  double at(long openTime);

  /**
   * Whether the reference has shown its candle of {@code openTime}, or a later one: from then on
   * {@link #at} will not change, so a candle of that open time can be decided as batch decides it.
   */
  boolean reached(long openTime);
}
