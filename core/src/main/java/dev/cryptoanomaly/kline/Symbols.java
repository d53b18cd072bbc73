package dev.cryptoanomaly.kline;

import dev.cryptoanomaly.UserException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Validates trading-pair symbols before any request is made. */
public final class Symbols {
  /** The five pairs of the original project. */
  public static final List<String> DEFAULTS =
      List.of("BTCUSDT", "ETHUSDT", "SOLUSDT", "AVAXUSDT", "LINKUSDT");

  private static final Pattern VALID = Pattern.compile("[A-Z0-9]{2,30}");

  private Symbols() {}

  /** Upper-cases and checks one symbol, e.g. {@code btcusdt} becomes {@code BTCUSDT}. */
  public static String normalise(String raw) {
    String s = raw.strip().toUpperCase(Locale.ROOT);
    if (!VALID.matcher(s).matches()) {
      throw new UserException(
          "malformed symbol '"
              + raw
              + "': expected letters and digits only, like BTCUSDT (no dashes, slashes or spaces)");
    }
    return s;
  }

  /** Normalises a list (comma-separated entries allowed), dropping duplicates, keeping order. */
  public static List<String> normaliseAll(List<String> raw) {
    Set<String> out = new LinkedHashSet<>();
    for (String entry : raw) {
      for (String part : entry.split(",", -1)) {
        out.add(normalise(part));
      }
    }
    if (out.isEmpty()) {
      throw new UserException("no symbols given");
    }
    return new ArrayList<>(out);
  }
}
