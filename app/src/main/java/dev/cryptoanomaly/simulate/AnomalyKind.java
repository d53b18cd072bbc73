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
  FROZEN_FEED("frozen_feed"),
  /**
   * The whole market falls at once: the common factor drops over a few candles on heavy volume,
   * every symbol with it by its beta, then partly recovers. Labelled for every symbol ({@code *}).
   */
  MARKET_SHOCK("market_shock");

  /** The kinds injected into one symbol alone. */
  static final AnomalyKind[] SINGLE_ASSET = {
    FLASH_CRASH, PUMP_AND_DUMP, VOLUME_SPIKE, VOLATILITY_SHIFT, FROZEN_FEED
  };

  private final String label;

  AnomalyKind(String label) {
    this.label = label;
  }

  /** The name written in labels files. */
  public String label() {
    return label;
  }
}
