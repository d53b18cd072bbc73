package dev.cryptoanomaly.detect;

import java.util.stream.IntStream;

/**
 * Expectation-maximisation for a Gaussian mixture on scaled rows, as scikit-learn's
 * GaussianMixture: initialised from K-Means labels, {@code reg} added to every covariance diagonal,
 * stopped when the mean log-likelihood gains less than {@code tol}. Sufficient statistics are
 * summed per block in parallel and combined in block order (deterministic for a seed).
 */
final class GaussianMixtureFit {
  static final int MAX_ITERATIONS = 100;
  static final double TOL = 1e-3;
  static final double REG = 1e-6;
  private static final int BLOCK = 8192;

  record Result(GaussianComponents components, int iterations, double logLikelihood) {}

  private GaussianMixtureFit() {}

  static Result fit(double[] x, int n, int d, int k, CovarianceType type, int[] initialLabels) {
    Stats stats = new Stats(k, d);
    for (int r = 0; r < n; r++) {
      stats.add(x, r * d, initialLabels[r], 1.0);
    }
    GaussianComponents g = maximise(stats, n, d, k, type);
    double previous = Double.NEGATIVE_INFINITY;
    int iteration = 0;
    while (iteration < MAX_ITERATIONS) {
      iteration++;
      Stats s = expect(x, n, d, g);
      double mean = s.logLikelihood / n;
      g = maximise(s, n, d, k, type);
      if (Math.abs(mean - previous) < TOL) {
        break;
      }
      previous = mean;
    }
    return new Result(g, iteration, expect(x, n, d, g).logLikelihood);
  }

  /** Responsibility-weighted sums: counts, first and second moments, log-likelihood. */
  private static final class Stats {
    final int d;
    final double[] counts;
    final double[] sums;
    final double[] squares; // k x d x d, lower triangle used
    double logLikelihood;

    Stats(int k, int d) {
      this.d = d;
      counts = new double[k];
      sums = new double[k * d];
      squares = new double[k * d * d];
    }

    void add(double[] x, int offset, int c, double weight) {
      counts[c] += weight;
      for (int j = 0; j < d; j++) {
        double xj = weight * x[offset + j];
        sums[c * d + j] += xj;
        int base = c * d * d + j * d;
        for (int l = 0; l <= j; l++) {
          squares[base + l] += xj * x[offset + l];
        }
      }
    }

    void add(Stats o) {
      for (int i = 0; i < counts.length; i++) {
        counts[i] += o.counts[i];
      }
      for (int i = 0; i < sums.length; i++) {
        sums[i] += o.sums[i];
      }
      for (int i = 0; i < squares.length; i++) {
        squares[i] += o.squares[i];
      }
      logLikelihood += o.logLikelihood;
    }
  }

  private static Stats expect(double[] x, int n, int d, GaussianComponents g) {
    int k = g.k();
    int blocks = (n + BLOCK - 1) / BLOCK;
    Stats[] partials = new Stats[blocks];
    IntStream.range(0, blocks)
        .parallel()
        .forEach(
            b -> {
              Stats s = new Stats(k, d);
              double[] work = new double[d + k];
              int end = Math.min(n, (b + 1) * BLOCK);
              for (int r = b * BLOCK; r < end; r++) {
                s.logLikelihood += g.responsibilities(x, r * d, work, 0);
                for (int c = 0; c < k; c++) {
                  double resp = work[d + c];
                  if (resp > 1e-300) {
                    s.add(x, r * d, c, resp);
                  }
                }
              }
              partials[b] = s;
            });
    Stats total = new Stats(k, d);
    for (Stats s : partials) {
      total.add(s);
    }
    return total;
  }

  private static GaussianComponents maximise(Stats s, int n, int d, int k, CovarianceType type) {
    double[] weights = new double[k];
    double[] means = new double[k * d];
    double[] chol = new double[k * d * d];
    for (int c = 0; c < k; c++) {
      double count = s.counts[c] + 10 * Math.ulp(1.0); // as scikit-learn: never divide by 0
      weights[c] = count / n;
      for (int j = 0; j < d; j++) {
        means[c * d + j] = s.sums[c * d + j] / count;
      }
      double[] cov = new double[d * d];
      for (int j = 0; j < d; j++) {
        for (int l = 0; l <= j; l++) {
          double v = s.squares[c * d * d + j * d + l] / count - means[c * d + j] * means[c * d + l];
          if (type == CovarianceType.DIAGONAL && l != j) {
            v = 0;
          }
          cov[j * d + l] = v;
          cov[l * d + j] = v;
        }
      }
      System.arraycopy(cholesky(cov, d), 0, chol, c * d * d, d * d);
    }
    return GaussianComponents.of(d, weights, means, chol);
  }

  /** Lower Cholesky factor of cov + reg I, raising reg tenfold until it is positive definite. */
  static double[] cholesky(double[] cov, int d) {
    for (double reg = REG; reg < 1e6; reg *= 10) {
      double[] l = new double[d * d];
      boolean ok = true;
      for (int j = 0; j < d && ok; j++) {
        for (int i = 0; i <= j; i++) {
          double s = cov[j * d + i] + (i == j ? reg : 0);
          for (int m = 0; m < i; m++) {
            s -= l[j * d + m] * l[i * d + m];
          }
          if (i == j) {
            if (!(s > 0)) {
              ok = false;
              break;
            }
            l[j * d + j] = Math.sqrt(s);
          } else {
            l[j * d + i] = s / l[i * d + i];
          }
        }
      }
      if (ok) {
        return l;
      }
    }
    throw new IllegalStateException("covariance is not positive definite even regularised");
  }
}
