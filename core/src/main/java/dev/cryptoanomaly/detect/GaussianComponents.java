package dev.cryptoanomaly.detect;

/**
 * The fitted mixture in scaled space: weights, means and the lower Cholesky factor of each
 * covariance (diagonal covariances have zeros off the diagonal), with the per-component constant of
 * the log density precomputed. {@link #logDensity} is the one place a row's component log-densities
 * are computed, for fitting, scoring and explaining alike.
 */
record GaussianComponents(
    int k,
    int d,
    double[] weights,
    double[] means,
    double[] chol,
    double[] logNorm,
    double[] inverseDiagonal,
    boolean diagonal) {
  private static final double LOG_2PI = Math.log(2 * Math.PI);

  static GaussianComponents of(int d, double[] weights, double[] means, double[] chol) {
    int k = weights.length;
    double[] logNorm = new double[k];
    double[] inverse = new double[k * d];
    boolean diagonal = true;
    for (int c = 0; c < k; c++) {
      double logDet = 0;
      for (int j = 0; j < d; j++) {
        double l = chol[c * d * d + j * d + j];
        logDet += Math.log(l);
        inverse[c * d + j] = 1 / l;
        for (int m = 0; m < j; m++) {
          diagonal &= chol[c * d * d + j * d + m] == 0;
        }
      }
      logNorm[c] = Math.log(weights[c]) - 0.5 * d * LOG_2PI - logDet;
    }
    return new GaussianComponents(k, d, weights, means, chol, logNorm, inverse, diagonal);
  }

  /**
   * Returns log p(z) for the row at {@code offset}, the log-sum-exp over components of log(weight x
   * density). {@code work} from {@code w} holds d values of scratch, then the per-component terms
   * at {@code [w + d, w + d + k)}.
   */
  double logDensity(double[] z, int offset, double[] work, int w) {
    double max = terms(z, offset, work, w);
    double sum = 0;
    for (int c = 0; c < k; c++) {
      sum += Math.exp(work[w + d + c] - max);
    }
    return max + Math.log(sum);
  }

  /**
   * The same log p(z), leaving each component's responsibility (its posterior share of the row) at
   * {@code [w + d, w + d + k)} instead of its term: one exponential per component serves both the
   * log-sum-exp and the responsibilities, where computing them apart takes two.
   */
  double responsibilities(double[] z, int offset, double[] work, int w) {
    double max = terms(z, offset, work, w);
    double sum = 0;
    for (int c = 0; c < k; c++) {
      double e = Math.exp(work[w + d + c] - max);
      work[w + d + c] = e;
      sum += e;
    }
    for (int c = 0; c < k; c++) {
      work[w + d + c] /= sum;
    }
    return max + Math.log(sum);
  }

  /** Each component's log(weight x density) at {@code [w + d, w + d + k)}; returns the largest. */
  private double terms(double[] z, int offset, double[] work, int w) {
    double max = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < k; c++) {
      int base = c * d * d;
      double maha = 0;
      for (int j = 0; j < d; j++) {
        double s = z[offset + j] - means[c * d + j];
        if (!diagonal) {
          for (int l = 0; l < j; l++) {
            s -= chol[base + j * d + l] * work[w + l];
          }
        }
        double y = s * inverseDiagonal[c * d + j];
        work[w + j] = y;
        maha += y * y;
      }
      double term = logNorm[c] - 0.5 * maha;
      work[w + d + c] = term;
      max = Math.max(max, term);
    }
    return max;
  }

  /** Σ_c^{-1} (z - μ_c), by solving with the Cholesky factor twice. */
  double[] precisionTimesDiff(int c, double[] z) {
    int base = c * d * d;
    double[] y = new double[d];
    for (int j = 0; j < d; j++) {
      double s = z[j] - means[c * d + j];
      for (int l = 0; l < j; l++) {
        s -= chol[base + j * d + l] * y[l];
      }
      y[j] = s / chol[base + j * d + j];
    }
    double[] v = new double[d];
    for (int j = d - 1; j >= 0; j--) {
      double s = y[j];
      for (int l = j + 1; l < d; l++) {
        s -= chol[base + l * d + j] * v[l];
      }
      v[j] = s / chol[base + j * d + j];
    }
    return v;
  }
}
