package dev.cryptoanomaly.alert;

import dev.cryptoanomaly.UserException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long after a hit another hit of the same series still belongs to the same alert: a time, the
 * same for every interval. Counted in candles it meant 30 minutes at 1m and 2.5 hours at 5m (one 5m
 * crash became one alert 13 hours long), and 30 hours at 1h, where every hit merged into one alert
 * a month and no threshold could meet the budget.
 */
public final class Cooldown {
  /** What {@code train} and the Training form take when none is given. */
  public static final String DEFAULT_TEXT = "30m";

  /** What model formats before 3 held in candles when they said nothing. */
  public static final int LEGACY_CANDLES = 30;

  private static final Pattern TEXT = Pattern.compile("(\\d{1,6})(s|m|h|d)");

  private Cooldown() {}

  /** {@code 30m}, {@code 2h}, {@code 90s}, {@code 1d} or {@code 0}. */
  public static Duration parse(String text) {
    String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    if (t.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = TEXT.matcher(t);
    if (!m.matches()) {
      throw new UserException(
          "'"
              + text
              + "' is not a cooldown: a time such as 30m, 2h or 90s (a bare number of candles is"
              + " no longer taken: the cooldown is the same time at every interval)");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }

  /**
   * A cooldown counted in candles, as versions saved before it was a time hold it: the time it was
   * at their interval, which is what their threshold was calibrated with.
   */
  public static Duration ofCandles(Integer candles, long intervalMillis) {
    return Duration.ofMillis((candles == null ? LEGACY_CANDLES : candles) * intervalMillis);
  }

  /** As {@link #parse} reads it: {@code 30m}, {@code 2h}, {@code 90s}. */
  public static String format(Duration d) {
    long s = d.toSeconds();
    if (s == 0) {
      return "0";
    }
    if (s % 86_400 == 0) {
      return s / 86_400 + "d";
    }
    if (s % 3_600 == 0) {
      return s / 3_600 + "h";
    }
    if (s % 60 == 0) {
      return s / 60 + "m";
    }
    return s + "s";
  }
}
