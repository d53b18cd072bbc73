package dev.cryptoanomaly.features;

/**
 * The arithmetic of the features over blocks of rows, shared by batch (long blocks) and streaming
 * (a block of one row). A window's sum always adds its values from the oldest to the newest, one
 * row at a time, so a row's value does not depend on the block it is computed in. The loops run
 * over the window offset outside and the rows inside, which the JIT turns into vector additions
 * across rows. A window of zeros sums to exactly zero, so a zero baseline is recognised exactly; a
 * zero denominator gives NaN, which the caller reports as a zero baseline.
 */
final class Formulas {
  private Formulas() {}

  static double volatility(double high, double low, double open) {
    return (high - low) / open;
  }

  /** {@code value / baseline}, or NaN when the baseline is zero. */
  static double ratio(double value, double baseline) {
    return baseline == 0 ? Double.NaN : value / baseline;
  }

  /**
   * For each row {@code t} of {@code [from, from + rows)}: the sum of the {@code n} values before
   * it, {@code x[t - n] + ... + x[t - 1]}, to {@code sums[t - from]}. Batch copies each window
   * offset's values to {@code shifted} first: the JIT vectorises a loop only when every array in it
   * is read at the same index, and the copy is cheaper than the scalar additions it saves.
   */
  static void sumsBefore(double[] x, int from, int rows, int n, double[] sums, double[] shifted) {
    if (rows == 1) { // streaming: the same additions in the same order, without loop set-up
      double sum = 0;
      for (int i = 0; i < n; i++) {
        sum += x[from - n + i];
      }
      sums[0] = sum;
      return;
    }
    java.util.Arrays.fill(sums, 0, rows, 0.0);
    for (int i = 0; i < n; i++) {
      System.arraycopy(x, from - n + i, shifted, 0, rows);
      for (int j = 0; j < rows; j++) {
        sums[j] += shifted[j];
      }
    }
  }

  /** Like {@link #sumsBefore}, divided by {@code n}. */
  static void meansBefore(double[] x, int from, int rows, int n, double[] means, double[] shifted) {
    sumsBefore(x, from, rows, n, means, shifted);
    for (int j = 0; j < rows; j++) {
      means[j] /= n;
    }
  }

  /**
   * Sample standard deviations (n - 1 in the denominator, as pandas) of the {@code n} values before
   * each row, around the means in {@code means[0 ..]}, in two passes (no cancellation of large
   * squares), to {@code out[offset ..]}; {@code squares} and {@code shifted} are scratch.
   */
  static void stdsBefore(
      double[] x,
      int from,
      int rows,
      int n,
      double[] means,
      double[] squares,
      double[] shifted,
      double[] out,
      int offset) {
    if (rows == 1) { // streaming: the same operations in the same order, without loop set-up
      double sum = 0;
      for (int i = 0; i < n; i++) {
        double d = x[from - n + i] - means[0];
        sum += d * d;
      }
      out[offset] = Math.sqrt(sum / (n - 1));
      return;
    }
    java.util.Arrays.fill(squares, 0, rows, 0.0);
    for (int i = 0; i < n; i++) {
      System.arraycopy(x, from - n + i, shifted, 0, rows);
      for (int j = 0; j < rows; j++) {
        double d = shifted[j] - means[j];
        squares[j] += d * d;
      }
    }
    for (int j = 0; j < rows; j++) {
      squares[j] = Math.sqrt(squares[j] / (n - 1));
    }
    System.arraycopy(squares, 0, out, offset, rows);
  }

  /**
   * {@code x[t] / mean(x[t - n .. t - 1])} for each row to {@code out[offset ..]}, NaN for a zero
   * baseline; {@code means} and {@code shifted} are scratch.
   */
  static void ratioToMeanBefore(
      double[] x,
      int from,
      int to,
      int n,
      double[] out,
      int offset,
      double[] means,
      double[] shifted) {
    int rows = to - from;
    meansBefore(x, from, rows, n, means, shifted);
    System.arraycopy(x, from, shifted, 0, rows);
    for (int j = 0; j < rows; j++) {
      means[j] = ratio(shifted[j], means[j]);
    }
    System.arraycopy(means, 0, out, offset, rows);
  }

  /**
   * Relative strength index with simple averages (Cutler's variant) over the last {@code n} close
   * changes ending at each row: 100 * gains / (gains + losses), with gains = (sum |change| + sum
   * change) / 2, which needs no branch per change. Wilder's smoothing would make the value depend
   * on the whole history, which a restarted stream cannot reproduce; a flat window gives the
   * neutral 50. Batch takes each change once into {@code changes} (at least {@code rows + n - 1}
   * long) and then sums them as {@link #sumsBefore} does.
   */
  static void rsi(
      double[] close,
      int from,
      int to,
      int n,
      double[] out,
      int offset,
      double[] moved,
      double[] net,
      double[] changes,
      double[] shifted) {
    int rows = to - from;
    if (rows == 1) { // streaming: the same operations in the same order, without loop set-up
      double total = 0;
      double change = 0;
      for (int i = 0; i < n; i++) {
        double d = close[from - n + 1 + i] - close[from - n + i];
        total += Math.abs(d);
        change += d;
      }
      out[offset] = total == 0 ? 50 : 100 * ((total + change) / 2) / total;
      return;
    }
    int first = from - n + 1; // changes[q] = close[first + q] - close[first + q - 1]
    for (int q = 0; q < rows + n - 1; q++) {
      changes[q] = close[first + q] - close[first + q - 1];
    }
    java.util.Arrays.fill(moved, 0, rows, 0.0);
    java.util.Arrays.fill(net, 0, rows, 0.0);
    for (int i = 0; i < n; i++) {
      System.arraycopy(changes, i, shifted, 0, rows);
      for (int j = 0; j < rows; j++) {
        double change = shifted[j];
        moved[j] += Math.abs(change);
        net[j] += change;
      }
    }
    for (int j = 0; j < rows; j++) {
      double total = moved[j];
      moved[j] = total == 0 ? 50 : 100 * ((total + net[j]) / 2) / total;
    }
    System.arraycopy(moved, 0, out, offset, rows);
  }

  /** Share of the candle's range above its body; a candle with no range has no wick. */
  static double upperWick(double open, double high, double low, double close) {
    double range = high - low;
    return range == 0 ? 0 : (high - Math.max(open, close)) / range;
  }

  /** Share of the candle's range below its body; a candle with no range has no wick. */
  static double lowerWick(double open, double high, double low, double close) {
    double range = high - low;
    return range == 0 ? 0 : (Math.min(open, close) - low) / range;
  }

  /**
   * (x[t] - median) / (1.4826 x MAD) of the n values before t, for each row {@code t} of {@code
   * [from, to)}; NaN (a zero baseline) when the MAD is 0. The window is kept sorted as it slides
   * (one value out, one in) and the MAD's middle deviations are merged outwards from the median,
   * instead of sorting the window and its deviations for every row. Medians are order statistics,
   * and the window is ordered as {@link java.util.Arrays#sort(double[])} orders it (-0.0 before
   * 0.0, NaN last), so every value is the one sorting gives, to the bit, whatever the block.
   */
  static void robustZs(double[] x, int from, int to, int n, double[] out, int offset) {
    double[] window = new double[n];
    System.arraycopy(x, from - n, window, 0, n);
    java.util.Arrays.sort(window);
    int unordered = 0; // values that < and == order unlike sorting: NaN and -0.0
    for (double v : window) {
      unordered += orderedByOperators(v) ? 0 : 1;
    }
    for (int t = from; t < to; t++) {
      if (t > from) {
        double leaving = x[t - n - 1];
        double entering = x[t - 1];
        boolean plain = orderedByOperators(entering);
        slide(window, leaving, entering, unordered == 0 && plain);
        unordered += (orderedByOperators(leaving) ? 0 : -1) + (plain ? 0 : 1);
      }
      double median = median(window);
      out[offset + t - from] = ratio(x[t] - median, 1.4826 * medianDeviation(window, median));
    }
  }

  /**
   * Whether {@code <} and {@code ==} order {@code v} among other such values as {@link
   * Double#compare} does: every value but NaN and -0.0.
   */
  private static boolean orderedByOperators(double v) {
    return !Double.isNaN(v) && (v != 0 || Double.doubleToRawLongBits(v) == 0);
  }

  /**
   * The order {@link java.util.Arrays#sort(double[])} gives ({@link Double#compare}); with {@code
   * plain} (no NaN or -0.0 in the window or the values compared) the operators', which give the
   * same order at a fraction of the cost: ties are common, a fifth of 1m returns being exactly 0.
   */
  private static int compare(double a, double b, boolean plain) {
    if (plain) {
      return a < b ? -1 : (a > b ? 1 : 0);
    }
    return Double.compare(a, b);
  }

  /**
   * Replaces one occurrence of {@code leaving} in the sorted window by {@code entering}; {@code
   * plain} as for {@link #compare}.
   */
  private static void slide(double[] window, double leaving, double entering, boolean plain) {
    int n = window.length;
    int at = position(window, leaving, plain);
    // Move the neighbours over the gap towards where the new value belongs, then drop it in.
    if (at > 0 && compare(entering, window[at - 1], plain) < 0) {
      while (at > 0 && compare(entering, window[at - 1], plain) < 0) {
        window[at] = window[at - 1];
        at--;
      }
    } else {
      while (at < n - 1 && compare(window[at + 1], entering, plain) < 0) {
        window[at] = window[at + 1];
        at++;
      }
    }
    window[at] = entering;
  }

  /** An index holding {@code v} in the sorted window (in {@link #compare}'s order). */
  private static int position(double[] window, double v, boolean plain) {
    int lo = 0;
    int hi = window.length - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int c = compare(window[mid], v, plain);
      if (c < 0) {
        lo = mid + 1;
      } else if (c > 0) {
        hi = mid - 1;
      } else {
        return mid;
      }
    }
    throw new IllegalStateException("a value leaving the window is not in it: " + v);
  }

  /**
   * The median of |w - median| over the sorted window: the deviations fall towards the middle and
   * rise away from it on each side, so the smallest ones are merged outwards from the middle until
   * the middle two (or one) of all n are reached.
   */
  private static double medianDeviation(double[] sorted, double median) {
    if (!Double.isNaN(sorted[sorted.length - 1])) {
      return medianDeviationBySearch(sorted, median);
    }
    return medianDeviationByMerge(sorted, median);
  }

  /**
   * Without NaN: the deviations left of the middle (A, rising leftwards) and right of it (B, rising
   * rightwards) are two sorted runs, and the middle order statistics of both together are found by
   * a binary search for how many of them come from A (the k-th of two sorted arrays), a few
   * deviations computed instead of half of them.
   */
  private static double medianDeviationBySearch(double[] w, double m) {
    int n = w.length;
    int top = n % 2 == 1 ? n / 2 : n / 2 - 1; // A[i] = |w[top - i] - m|, i = 0..top
    int lengthA = top + 1;
    int lengthB = n - lengthA; // B[j] = |w[lengthA + j] - m|
    int k = n / 2 + (n % 2 == 1 ? 1 : 0); // 1-based rank of the (lower) middle deviation
    int lo = Math.max(0, k - lengthB);
    int hi = Math.min(k, lengthA);
    while (true) {
      int i = (lo + hi) >>> 1;
      int j = k - i;
      if (i < lengthA && j > 0 && Math.abs(w[lengthA + j - 1] - m) > Math.abs(w[top - i] - m)) {
        lo = i + 1;
      } else if (i > 0
          && j < lengthB
          && Math.abs(w[top - i + 1] - m) > Math.abs(w[lengthA + j] - m)) {
        hi = i - 1;
      } else {
        double fromA = i > 0 ? Math.abs(w[top - i + 1] - m) : Double.NEGATIVE_INFINITY;
        double fromB = j > 0 ? Math.abs(w[lengthA + j - 1] - m) : Double.NEGATIVE_INFINITY;
        double kth = Math.max(fromA, fromB);
        if (n % 2 == 1) {
          return kth;
        }
        double nextA = i < lengthA ? Math.abs(w[top - i] - m) : Double.POSITIVE_INFINITY;
        double nextB = j < lengthB ? Math.abs(w[lengthA + j] - m) : Double.POSITIVE_INFINITY;
        return (kth + Math.min(nextA, nextB)) / 2;
      }
    }
  }

  /** The same by merging outwards from the middle: for windows holding NaN, ranked last. */
  private static double medianDeviationByMerge(double[] sorted, double median) {
    int n = sorted.length;
    int left = n % 2 == 1 ? n / 2 : n / 2 - 1;
    int right = left + 1;
    double dl = Math.abs(sorted[left] - median);
    double dr = right < n ? Math.abs(sorted[right] - median) : Double.NaN;
    double previous = Double.NaN;
    for (int taken = 0; ; taken++) {
      double next;
      // Deviations are never -0.0; NaN ranks last, as sorting ranks it.
      if (right >= n || (left >= 0 && (dl <= dr || Double.isNaN(dr)))) {
        next = dl;
        left--;
        dl = left >= 0 ? Math.abs(sorted[left] - median) : Double.NaN;
      } else {
        next = dr;
        right++;
        dr = right < n ? Math.abs(sorted[right] - median) : Double.NaN;
      }
      if (taken == n / 2) {
        return n % 2 == 1 ? next : (previous + next) / 2;
      }
      previous = next;
    }
  }

  /** The same for the single row t, sorting a copy of its window (streaming). */
  static double robustZ(double[] x, int t, int n) {
    double[] window = new double[n];
    System.arraycopy(x, t - n, window, 0, n);
    java.util.Arrays.sort(window);
    double median = median(window);
    return ratio(x[t] - median, 1.4826 * medianDeviation(window, median));
  }

  private static double median(double[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
