package dev.cryptoanomaly;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * How numbers and times are shown to people, the same in the CLI and on the pages: four significant
 * digits, thousands separators, never an exponent, never {@code NaN}; instants as ISO-8601 to the
 * second. Machine output (JSON) keeps full precision and does not come here.
 */
public final class Numbers {
  /** What an undefined value (no data, division by zero) shows as. */
  public static final String UNDEFINED = "-";

  private static final int SIGNIFICANT = 4;

  private Numbers() {}

  /** A measurement: {@code 1,234,568}, {@code 0.001235}, {@code 12.5}; {@code -} when undefined. */
  public static String format(double value) {
    if (!Double.isFinite(value)) {
      return Double.isNaN(value) ? UNDEFINED : value > 0 ? "∞" : "-∞";
    }
    if (value == 0) {
      return "0";
    }
    BigDecimal rounded =
        new BigDecimal(value).round(new MathContext(SIGNIFICANT, RoundingMode.HALF_EVEN));
    DecimalFormat f = new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(Locale.ROOT));
    f.setMaximumFractionDigits(Math.max(0, rounded.stripTrailingZeros().scale()));
    f.setRoundingMode(RoundingMode.HALF_EVEN);
    return f.format(rounded);
  }

  /**
   * A tail probability: as a measurement down to 0.001 ({@code 0.01234}), then two significant
   * digits and a plain exponent ({@code 3.2e-5}), since what matters there is the decade.
   */
  public static String probability(double p) {
    if (!Double.isFinite(p)) {
      return UNDEFINED;
    }
    if (p == 0 || Math.abs(p) >= 1e-3) {
      return format(p);
    }
    String[] parts = String.format(Locale.ROOT, "%.1e", p).split("e");
    return parts[0] + "e" + Integer.parseInt(parts[1]);
  }

  /**
   * A price change as a signed percentage to the hundredth, as markets quote it: {@code +3.2%},
   * {@code -12.45%}, {@code 0%}.
   */
  public static String change(double fraction) {
    if (!Double.isFinite(fraction)) {
      return UNDEFINED;
    }
    double percent = Math.round(10_000 * fraction) / 100.0;
    return (percent > 0 ? "+" : "") + format(percent) + "%";
  }

  /** A count: {@code 2,592,000}. */
  public static String count(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }

  /** An instant to the second: {@code 2024-08-05T00:00:00Z}. */
  public static String instant(long epochMillis) {
    return Instant.ofEpochMilli(epochMillis).truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
