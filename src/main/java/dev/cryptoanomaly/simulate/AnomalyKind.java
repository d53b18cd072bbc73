package dev.cryptoanomaly.simulate;

/** The kinds of anomaly the simulator injects and labels. */
public enum AnomalyKind {
  /** A sharp drop over a few candles on heavy volume, then a partial recovery. */
  FLASH_CRASH("flash_crash"),
  /** A steady climb on rising volume, then a fast dump back. */
  PUMP_AND_DUMP("pump_and_dump"),
  /** Volume many times normal with no unusual price move. */
  VOLUME_SPIKE("volume_spike"),
  /** Volatility several times normal for an hour or more. */
  VOLATILITY_SHIFT("volatility_shift"),
  /** The feed repeats the last price with zero volume. */
  FROZEN_FEED("frozen_feed");

  private final String label;

  AnomalyKind(String label) {
    this.label = label;
  }

  /** The name written in labels files. */
  public String label() {
    return label;
  }
}
