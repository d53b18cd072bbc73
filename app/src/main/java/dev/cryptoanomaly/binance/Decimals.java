package dev.cryptoanomaly.binance;

/**
 * Parses the plain decimal strings Binance writes ({@code 53205.05000000}) without allocating.
 * Numbers with at most 15 significant digits and at most 22 fraction digits are exact and correctly
 * rounded (one division of two exactly representable doubles); anything else falls back to {@link
 * Double#parseDouble}.
 */
final class Decimals {
  private static final double[] POW10 = new double[23];

  static {
    double p = 1;
    for (int i = 0; i < POW10.length; i++) {
      POW10[i] = p;
      p *= 10;
    }
  }

  private Decimals() {}

  /**
   * Parses {@code s[from, to)}.
   *
   * @throws NumberFormatException when it is not a number
   */
  static double parse(String s, int from, int to) {
    if (from >= to) {
      throw new NumberFormatException("empty");
    }
    int i = from;
    boolean negative = false;
    if (s.charAt(i) == '-') {
      negative = true;
      i++;
    }
    long mantissa = 0;
    int digits = 0;
    int fraction = -1;
    boolean any = false;
    for (; i < to; i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        any = true;
        if (mantissa != 0 || c != '0') {
          digits++;
        }
        mantissa = mantissa * 10 + (c - '0');
        if (fraction >= 0) {
          fraction++;
        }
        if (digits > 15) {
          return Double.parseDouble(s.substring(from, to));
        }
      } else if (c == '.' && fraction < 0) {
        fraction = 0;
      } else {
        return Double.parseDouble(s.substring(from, to));
      }
    }
    if (!any) {
      throw new NumberFormatException("not a number: " + s.substring(from, to));
    }
    int scale = Math.max(fraction, 0);
    if (scale >= POW10.length) {
      return Double.parseDouble(s.substring(from, to));
    }
    double value = mantissa / POW10[scale];
    return negative ? -value : value;
  }

  /** Parses a whole non-negative or negative integer in {@code s[from, to)}. */
  static long parseLong(String s, int from, int to) {
    if (from >= to) {
      throw new NumberFormatException("empty");
    }
    int i = from;
    boolean negative = false;
    if (s.charAt(i) == '-') {
      negative = true;
      i++;
    }
    if (i >= to || to - i > 18) {
      return Long.parseLong(s.substring(from, to));
    }
    long v = 0;
    for (; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        // Trade counts and times are integers, but tolerate a "123.0" written by some tools.
        return (long) Double.parseDouble(s.substring(from, to));
      }
      v = v * 10 + (c - '0');
    }
    return negative ? -v : v;
  }
}
