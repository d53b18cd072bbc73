package dev.cryptoanomaly.features;

import java.util.Arrays;

/**
 * Evaluates a spec over rows of {@link CandleColumns}: each feature's formula over the range, then
 * the rules that keep bad rows from a model. Batch calls it once for a whole range, streaming once
 * per new candle; this is the single place where features are evaluated.
 */
final class FeatureEvaluator {
  /** Reason code of a valid row. */
  static final byte VALID = -1;

  private static final Exclusion[] REASONS = Exclusion.values();

  /** Rows per block in batch: the scratch and the window sums stay in the L1 cache. */
  private static final int BLOCK = 1024;

  private final Feature[] features;
  private final Workspace workspace = new Workspace(BLOCK, Feature.LONG_BASELINE + 2);

  FeatureEvaluator(FeatureSpec spec) {
    this.features = spec.features().toArray(Feature[]::new);
  }

  int width() {
    return features.length;
  }

  /**
   * Evaluates rows {@code [from, to)}: feature {@code i} of row {@code t} goes to {@code
   * values[i][offset + t - from]} (NaN where it cannot be computed) and the row's first exclusion
   * reason (an {@link Exclusion} ordinal, or {@link #VALID}) to {@code reasons[offset + t - from]}.
   */
  void evaluate(CandleColumns c, int from, int to, double[][] values, byte[] reasons, int offset) {
    // Block by block, every feature, so a block's candles stay in the cache across features.
    for (int start = from; start < to; start += BLOCK) {
      int end = Math.min(to, start + BLOCK);
      int blockOffset = offset + start - from;
      Arrays.fill(reasons, blockOffset, blockOffset + end - start, VALID);
      survey(c, start, end);
      for (int i = 0; i < features.length; i++) {
        evaluate(features[i], c, start, end, values[i], reasons, blockOffset);
      }
      byte zeroVolume = (byte) Exclusion.ZERO_VOLUME.ordinal();
      for (int t = start; t < end; t++) {
        int at = blockOffset + t - start;
        if (c.volume[t] == 0 && (reasons[at] == VALID || zeroVolume < reasons[at])) {
          reasons[at] = zeroVolume;
        }
      }
    }
  }

  /**
   * What the block's rows have in common: the shortest run of consecutive candles, and whether
   * every candle that traded carries a trade count. Most blocks are whole and complete, and then a
   * feature's rows need no check beyond their values being finite.
   */
  private void survey(CandleColumns c, int from, int to) {
    int shortest = Integer.MAX_VALUE;
    boolean carried = true;
    for (int t = from; t < to; t++) {
      shortest = Math.min(shortest, c.run[t]);
      carried &= c.trades[t] > 0 | c.volume[t] == 0;
    }
    shortestRun = shortest;
    tradesCarried = carried;
  }

  private int shortestRun;
  private boolean tradesCarried;

  /**
   * Whether every value of {@code out[from, to)} is finite (NaN fails: it propagates through max).
   */
  private static boolean allFinite(double[] out, int from, int to) {
    double largest = 0;
    for (int i = from; i < to; i++) {
      largest = Math.max(largest, Math.abs(out[i]));
    }
    return largest <= Double.MAX_VALUE;
  }

  private void evaluate(
      Feature f, CandleColumns c, int from, int to, double[] out, byte[] reasons, int offset) {
    int need = f.need();
    int first = Math.min(to, Math.max(from, need - 1));
    Arrays.fill(out, offset, offset + first - from, Double.NaN);
    if (first < to) {
      f.compute(c, first, to, out, offset + first - from, workspace);
    }
    boolean trades = f.input() == Feature.Input.TRADES;
    if (shortestRun >= need
        && (!trades || tradesCarried)
        && allFinite(out, offset, offset + to - from)) {
      return; // every row valid for this feature: nothing to exclude
    }
    for (int t = from; t < to; t++) { // a block with a gap or a bad value: row by row
      int at = offset + t - from;
      Exclusion problem = problem(c, t, f, out[at]);
      if (problem != null) {
        out[at] = Double.NaN;
        if (reasons[at] == VALID || problem.ordinal() < reasons[at]) {
          reasons[at] = (byte) problem.ordinal();
        }
      }
    }
  }

  /** The exclusion a code stands for, or null for a valid row. */
  static Exclusion reason(byte code) {
    return code == VALID ? null : REASONS[code];
  }

  private static Exclusion problem(CandleColumns c, int t, Feature f, double value) {
    if (c.run[t] < f.need()) {
      return Exclusion.WARMUP_OR_GAP;
    }
    return switch (f.input()) {
      case TRADES -> {
        if (c.trades[t] <= 0 && c.volume[t] != 0) {
          yield Exclusion.MISSING_COLUMNS;
        }
        yield valueProblem(value);
      }
      case REFERENCE -> {
        if (Double.isNaN(c.referenceReturn[t])) {
          yield Exclusion.MISSING_REFERENCE;
        }
        yield valueProblem(value);
      }
      case PRICE -> valueProblem(value);
    };
  }

  private static Exclusion valueProblem(double value) {
    if (Double.isNaN(value)) {
      return Exclusion.ZERO_BASELINE;
    }
    return Double.isInfinite(value) ? Exclusion.NON_FINITE : null;
  }
}
