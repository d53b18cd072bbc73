package dev.cryptoanomaly.binance;

import dev.cryptoanomaly.BadArgumentException;
import dev.cryptoanomaly.kline.Symbols;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which symbols a user asks for: names ({@code BTCUSDT}), {@code all}, or globs ({@code *USDT},
 * {@code BTC*}, {@code ?}), optionally of one quote asset ({@code --quote USDT}). Names are taken
 * as given; a pattern is matched against the archive's listing.
 */
public record SymbolPattern(List<String> names, List<Pattern> globs, String quote) {
  public SymbolPattern {
    names = List.copyOf(names);
    globs = List.copyOf(globs);
  }

  private static final Pattern GLOB = Pattern.compile("[A-Z0-9*?]+");

  /**
   * Reads {@code --symbols} entries and {@code --quote}.
   *
   * @param option the flag the entries came from, for the one-line complaint
   */
  public static SymbolPattern parse(List<String> entries, String quote, String option) {
    List<String> names = new ArrayList<>();
    List<Pattern> globs = new ArrayList<>();
    for (String entry : entries) {
      for (String raw : entry.split(",", -1)) {
        String s = raw.strip().toUpperCase(Locale.ROOT);
        if (s.equals("ALL")) {
          globs.add(Pattern.compile(".*"));
        } else if (s.contains("*") || s.contains("?")) {
          if (!GLOB.matcher(s).matches()) {
            throw new BadArgumentException(
                option,
                "'" + raw.strip() + "' is not a symbol pattern: letters, digits, * and ? only");
          }
          globs.add(Pattern.compile(s.replace("?", ".").replace("*", ".*")));
        } else {
          try {
            names.add(Symbols.normalise(raw));
          } catch (dev.cryptoanomaly.UserException e) {
            throw new BadArgumentException(option, e.getMessage());
          }
        }
      }
    }
    String q = quote == null ? null : quote.strip().toUpperCase(Locale.ROOT);
    if (q != null && !q.matches("[A-Z0-9]{2,10}")) {
      throw new BadArgumentException("quote", "'" + quote + "' is not an asset such as USDT");
    }
    if (names.isEmpty() && globs.isEmpty() && q == null) {
      throw new BadArgumentException(option, "names no symbol");
    }
    if (names.isEmpty() && globs.isEmpty()) {
      globs.add(Pattern.compile(".*")); // --quote alone: every pair of that quote
    }
    return new SymbolPattern(names, globs, q);
  }

  /** Whether the listing is needed: anything but plain names. */
  public boolean needsListing() {
    return !globs.isEmpty() || quote != null;
  }

  /** Whether a listed symbol is asked for; {@code quoteAsset} may be empty (delisted, unknown). */
  public boolean matches(String symbol, String quoteAsset) {
    boolean named =
        names.contains(symbol) || globs.stream().anyMatch(g -> g.matcher(symbol).matches());
    if (!named || quote == null) {
      return named;
    }
    return quoteAsset == null || quoteAsset.isEmpty()
        ? symbol.endsWith(quote)
        : quoteAsset.equals(quote);
  }

  /** As typed, for messages. */
  public String describe() {
    List<String> parts = new ArrayList<>(names);
    globs.forEach(
        g ->
            parts.add(
                g.pattern().equals(".*")
                    ? "all"
                    : g.pattern().replace(".*", "*").replace(".", "?")));
    return String.join(",", parts) + (quote == null ? "" : " quoted in " + quote);
  }
}
