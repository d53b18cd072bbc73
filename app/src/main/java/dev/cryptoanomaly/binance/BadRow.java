package dev.cryptoanomaly.binance;

/** A row rejected during parsing, reported with the file and the 1-based line number. */
public record BadRow(String source, long line, String reason) {
  @Override
  public String toString() {
    return source + ":" + line + ": " + reason;
  }
}
