package dev.cryptoanomaly.kline;

import dev.cryptoanomaly.UserException;

/** The Binance markets whose klines we collect: where their archive lives and their REST path. */
public enum Market {
  SPOT("spot", "data/spot", "/api/v3/klines", 1000),
  FUTURES_UM("futures-um", "data/futures/um", "/fapi/v1/klines", 1500);

  private final String cliName;
  private final String archivePrefix;
  private final String klinesPath;
  private final int maxLimit;

  Market(String cliName, String archivePrefix, String klinesPath, int maxLimit) {
    this.cliName = cliName;
    this.archivePrefix = archivePrefix;
    this.klinesPath = klinesPath;
    this.maxLimit = maxLimit;
  }

  /** The name used on the command line and in the store. */
  public String cliName() {
    return cliName;
  }

  /** Archive key prefix, e.g. {@code data/spot}. */
  public String archivePrefix() {
    return archivePrefix;
  }

  /** REST klines path below the API base URL. */
  public String klinesPath() {
    return klinesPath;
  }

  /** REST path of the exchange information (every listed symbol, its status and assets). */
  public String exchangeInfoPath() {
    return this == SPOT ? "/api/v3/exchangeInfo" : "/fapi/v1/exchangeInfo";
  }

  /** Largest {@code limit} the REST klines endpoint accepts. */
  public int maxLimit() {
    return maxLimit;
  }

  public static Market parse(String text) {
    for (Market m : values()) {
      if (m.cliName.equalsIgnoreCase(text)) {
        return m;
      }
    }
    throw new UserException("unknown market '" + text + "' (expected spot or futures-um)");
  }

  @Override
  public String toString() {
    return cliName;
  }
}
