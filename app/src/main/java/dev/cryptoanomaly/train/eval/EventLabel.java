package dev.cryptoanomaly.train.eval;

/**
 * A labelled event: open times {@code [start, end]} (both included) of a symbol, or of every symbol
 * when {@code symbol} is {@code *}.
 */
public record EventLabel(String symbol, long start, long end, String kind) {
  public static final String EVERY_SYMBOL = "*";

  public boolean appliesTo(String s) {
    return symbol.equals(EVERY_SYMBOL) || symbol.equals(s);
  }
}
