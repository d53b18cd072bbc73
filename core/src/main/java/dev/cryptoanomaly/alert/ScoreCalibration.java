package dev.cryptoanomaly.alert;

import com.fasterxml.jackson.annotation.JsonAlias;
import java.util.Arrays;

/**
 * Turns a detector's raw score into a tail probability, P(score >= s) on held-out data, so that
 * models with different score scales (distances, negative log-likelihoods, isolation depths) can
 * share thresholds and be compared. Below the held-out 99th percentile the empirical distribution
 * is used (kept as a grid of quantiles, {@link #GRID} for a pooled model, fewer per symbol); above
 * it an exponential tail fitted to the excesses over that percentile (peaks over threshold,
 * generalised Pareto with shape 0), so that probabilities below 1/n stay ordered and comparable.
 *
 * @param quantiles held-out scores at probabilities 0, 1/(GRID-1), ..., 1, ascending
 * @param tailStart the score at {@link #TAIL} tail probability
 * @param tailScale mean excess over {@code tailStart} of the held-out scores beyond it
 * @param heldOutRows how many held-out scores the calibration saw
 */
public record ScoreCalibration(
    double[] quantiles,
    @JsonAlias("tailStart") double tailStart,
    @JsonAlias("tailScale") double tailScale,
    @JsonAlias("heldOutRows") long heldOutRows) {
  /** Value semantics: equal when the arrays hold equal elements. */
  @Override
  public boolean equals(Object other) {
    return other instanceof ScoreCalibration o
        && java.util.Arrays.equals(quantiles, o.quantiles)
        && Double.compare(tailStart, o.tailStart) == 0
        && Double.compare(tailScale, o.tailScale) == 0
        && heldOutRows == o.heldOutRows;
  }

  @Override
  public int hashCode() {
    int h = java.util.Arrays.hashCode(quantiles);
    h = 31 * h + Double.hashCode(tailStart);
    h = 31 * h + Double.hashCode(tailScale);
    h = 31 * h + Long.hashCode(heldOutRows);
    return h;
  }

  @Override
  public String toString() {
    return "ScoreCalibration["
        + "quantiles="
        + java.util.Arrays.toString(quantiles)
        + ", "
        + "tailStart="
        + tailStart
        + ", "
        + "tailScale="
        + tailScale
        + ", "
        + "heldOutRows="
        + heldOutRows
        + "]";
  }

  static final int GRID = 2001;
  static final double TAIL = 0.01;

  /** The fewest held-out scores a calibration is fitted on. */
  public static final int MIN_ROWS = 100;

  public static ScoreCalibration fit(double[] heldOutScores) {
    return fit(heldOutScores, GRID);
  }

  /** As {@link #fit(double[])} with {@code gridPoints} quantiles kept (at least 2). */
  public static ScoreCalibration fit(double[] heldOutScores, int gridPoints) {
    if (heldOutScores.length < MIN_ROWS) {
      throw new dev.cryptoanomaly.UserException(
          "calibration needs at least " + MIN_ROWS + " held-out rows; got " + heldOutScores.length);
    }
    double[] sorted = heldOutScores.clone();
    Arrays.sort(sorted);
    double[] grid = new double[gridPoints];
    for (int i = 0; i < gridPoints; i++) {
      grid[i] = quantile(sorted, i / (double) (gridPoints - 1));
    }
    double start = quantile(sorted, 1 - TAIL);
    double excess = 0;
    int count = 0;
    for (int i = sorted.length - 1; i >= 0 && sorted[i] > start; i--) {
      excess += sorted[i] - start;
      count++;
    }
    double scale = count > 0 && excess > 0 ? excess / count : Math.max(Math.ulp(start), 1e-12);
    return new ScoreCalibration(grid, start, scale, sorted.length);
  }

  static double quantile(double[] sorted, double q) {
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }

  /** P(score >= s) among held-out rows; decreasing in s, in (0, 1]. */
  public double tailProbability(double score) {
    if (score >= tailStart) {
      return TAIL * Math.exp(-(score - tailStart) / tailScale);
    }
    if (score <= quantiles[0]) {
      return 1.0;
    }
    // Position of score in the quantile grid, interpolated.
    int hi = Arrays.binarySearch(quantiles, score);
    if (hi < 0) {
      hi = -hi - 1;
    } else {
      while (hi + 1 < quantiles.length && quantiles[hi + 1] == score) {
        hi++; // a run of equal quantiles: the highest probability level of the run
      }
      return Math.max(TAIL, 1 - hi / (double) (quantiles.length - 1));
    }
    int lo = hi - 1;
    double f = (score - quantiles[lo]) / (quantiles[hi] - quantiles[lo]);
    double cdf = (lo + f) / (quantiles.length - 1);
    return Math.max(TAIL, 1 - cdf);
  }
}
