package dev.cryptoanomaly.train;

import dev.cryptoanomaly.UserException;

/** {@code --clusters 8} or {@code --clusters 2-15}: the numbers of clusters to try. */
public record ClusterRange(int min, int max) {
  public static final int LIMIT = 64;

  public ClusterRange {
    if (min < 1 || max < min || max > LIMIT) {
      throw new UserException(
          "clusters must be between 1 and " + LIMIT + ", low to high; got " + min + "-" + max);
    }
  }

  public static ClusterRange parse(String text) {
    String t = text.strip();
    try {
      int dash = t.indexOf('-');
      if (dash < 0) {
        int k = Integer.parseInt(t);
        return new ClusterRange(k, k);
      }
      return new ClusterRange(
          Integer.parseInt(t.substring(0, dash).strip()),
          Integer.parseInt(t.substring(dash + 1).strip()));
    } catch (NumberFormatException e) {
      throw new UserException("--clusters takes a number or a range like 2-15; got '" + text + "'");
    }
  }

  public boolean isRange() {
    return max > min;
  }

  /** As {@code --clusters} takes it: {@code 8} or {@code 2-15}. */
  @Override
  public String toString() {
    return isRange() ? min + "-" + max : String.valueOf(min);
  }
}
