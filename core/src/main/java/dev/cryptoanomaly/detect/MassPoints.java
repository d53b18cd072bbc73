package dev.cryptoanomaly.detect;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Values that many rows share exactly, column by column: a candle that did not trade at a new price
 * has a log return of exactly 0, and a flat candle (high = low) has exactly the same volatility,
 * range and volatility ratio as every other flat candle. A Gaussian mixture can give such rows a
 * component of their own, with a variance of almost nothing in those columns, and is then far more
 * likely; K-Means starts never make one (their clusters are compact in every column), so extra
 * starts of the mixture begin with these groups as components of their own.
 *
 * <p>A column has a mass point when its most common value is shared by at least {@link
 * #LEAST_SHARE} of the rows. A row's pattern is the set of columns where it sits at the mass point;
 * groups of rows with one pattern are ranked by rows times columns (what a component of their own
 * gains), and a row joins the first ranked group whose pattern it contains.
 */
final class MassPoints {
  /** The least share of rows at one value for a mass point, and for a group of rows. */
  static final double LEAST_SHARE = 0.01;

  private MassPoints() {}

  /**
   * Which of at most {@code groups} groups each row of {@code x} ({@code n} rows of {@code d})
   * belongs to, or -1; empty when the columns have no mass points.
   */
  static int[] groups(double[] x, int n, int d, int groups) {
    double[] modes = new double[d];
    boolean[] mass = new boolean[d];
    boolean any = false;
    for (int j = 0; j < d; j++) {
      Map<Double, Integer> counts = new HashMap<>();
      for (int r = 0; r < n; r++) {
        counts.merge(x[r * d + j], 1, Integer::sum);
      }
      var top = counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
      modes[j] = top.getKey();
      mass[j] = top.getValue() >= LEAST_SHARE * n;
      any |= mass[j];
    }
    if (!any || groups < 1) {
      return new int[0];
    }
    int[] pattern = new int[n];
    Map<Integer, Integer> rows = new HashMap<>();
    for (int r = 0; r < n; r++) {
      int p = 0;
      for (int j = 0; j < d; j++) {
        if (mass[j] && x[r * d + j] == modes[j]) {
          p |= 1 << j;
        }
      }
      pattern[r] = p;
      if (p != 0) {
        rows.merge(p, 1, Integer::sum);
      }
    }
    List<Integer> ranked = new ArrayList<>();
    rows.entrySet().stream()
        .filter(e -> e.getValue() >= LEAST_SHARE * n)
        .sorted(
            (a, b) -> {
              long ga = (long) a.getValue() * Integer.bitCount(a.getKey());
              long gb = (long) b.getValue() * Integer.bitCount(b.getKey());
              return ga != gb ? Long.compare(gb, ga) : Integer.compare(a.getKey(), b.getKey());
            })
        .limit(groups)
        .forEach(e -> ranked.add(e.getKey()));
    if (ranked.isEmpty()) {
      return new int[0];
    }
    int[] group = new int[n];
    for (int r = 0; r < n; r++) {
      group[r] = -1;
      for (int g = 0; g < ranked.size(); g++) {
        int p = ranked.get(g);
        if ((pattern[r] & p) == p) {
          group[r] = g;
          break;
        }
      }
    }
    return group;
  }

  /** How many groups {@link #groups} found (the largest group index plus one). */
  static int count(int[] group) {
    int most = -1;
    for (int g : group) {
      most = Math.max(most, g);
    }
    return most + 1;
  }
}
