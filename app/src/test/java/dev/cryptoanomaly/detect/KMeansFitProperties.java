package dev.cryptoanomaly.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The tiled, vectorised assignment (distances per centroid over a tile of rows, the nearest found
 * by comparing against the smallest) never changes an answer: on blobs, uniform noise and
 * duplicated rows (ties), the fit equals plain Lloyd row by row from the same start to the bit
 * (centroids, labels, iterations, inertia).
 */
class KMeansFitProperties {
  @Property(tries = 60)
  void tiledLloydIsLloyd(
      @ForAll @IntRange(min = 20, max = 20_000) int n,
      @ForAll @IntRange(min = 1, max = 7) int d,
      @ForAll @IntRange(min = 1, max = 9) int k,
      @ForAll @IntRange(min = 0, max = 2) int shape,
      @ForAll long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    double[] x = new double[n * d];
    double[][] blobs = new double[4][d];
    for (double[] b : blobs) {
      for (int j = 0; j < d; j++) {
        b[j] = rnd.nextDouble(-10, 10);
      }
    }
    for (int r = 0; r < n; r++) {
      for (int j = 0; j < d; j++) {
        x[r * d + j] =
            switch (shape) {
              case 0 -> blobs[r % 4][j] + rnd.nextDouble(-1, 1) * rnd.nextDouble();
              case 1 -> rnd.nextDouble();
              default -> Math.round(rnd.nextDouble() * 3); // many identical rows
            };
      }
    }
    KMeansFit.Result fast = KMeansFit.fit(x, n, d, k, seed);
    KMeansFit.Result plain = plainLloyd(x, n, d, k, seed);
    assertThat(fast.iterations()).isEqualTo(plain.iterations());
    assertThat(fast.centroids()).containsExactly(plain.centroids());
    assertThat(fast.labels()).containsExactly(plain.labels());
    assertThat(fast.inertia()).isEqualTo(plain.inertia());
  }

  /** Lloyd computing every distance every step, in the fit's block order and with its rules. */
  private static KMeansFit.Result plainLloyd(double[] x, int n, int d, int k, long seed) {
    double[] centroids = KMeansFit.kmeansPlusPlus(x, n, d, k, new SplittableRandom(seed));
    double total = 0;
    for (int j = 0; j < d; j++) {
      double mean = 0;
      for (int r = 0; r < n; r++) {
        mean += x[r * d + j];
      }
      mean /= n;
      double var = 0;
      for (int r = 0; r < n; r++) {
        double delta = x[r * d + j] - mean;
        var += delta * delta;
      }
      total += var / n;
    }
    double tol = KMeansFit.TOL * (total / d);
    int[] labels = new int[n];
    int iterations = 0;
    while (iterations < KMeansFit.MAX_ITERATIONS) {
      iterations++;
      Step step = assign(x, n, d, k, centroids, labels);
      double[] next = new double[k * d];
      for (int c = 0; c < k; c++) {
        if (step.counts[c] == 0) {
          System.arraycopy(x, step.farthestRow * d, next, c * d, d);
          continue;
        }
        for (int j = 0; j < d; j++) {
          next[c * d + j] = step.sums[c * d + j] / step.counts[c];
        }
      }
      double shift = 0;
      for (int i = 0; i < next.length; i++) {
        double delta = next[i] - centroids[i];
        shift += delta * delta;
      }
      centroids = next;
      if (shift <= tol) {
        break;
      }
    }
    // One more exact pass for the final labels and inertia, as the fit makes.
    double finalInertia = assign(x, n, d, k, centroids, labels).inertia;
    return new KMeansFit.Result(centroids, iterations, finalInertia, labels);
  }

  /** One assignment step's sums, counts, inertia and farthest row. */
  private static final class Step {
    double[] sums;
    long[] counts;
    double inertia;
    int farthestRow;
  }

  /** Every row to its nearest centroid, partial sums combined per block of 8,192 in order. */
  private static Step assign(double[] x, int n, int d, int k, double[] centroids, int[] labels) {
    Step out = new Step();
    out.sums = new double[k * d];
    out.counts = new long[k];
    double[] blockSums = new double[k * d];
    long[] blockCounts = new long[k];
    double blockInertia = 0;
    double farthest = -1;
    for (int r = 0; r < n; r++) {
      int best = 0;
      double bestDistance = Double.MAX_VALUE;
      for (int c = 0; c < k; c++) {
        double dist = KMeansFit.squaredDistance(x, r * d, centroids, c * d, d);
        if (dist < bestDistance) {
          bestDistance = dist;
          best = c;
        }
      }
      labels[r] = best;
      blockCounts[best]++;
      for (int j = 0; j < d; j++) {
        blockSums[best * d + j] += x[r * d + j];
      }
      blockInertia += bestDistance;
      if (bestDistance > farthest) {
        farthest = bestDistance;
        out.farthestRow = r;
      }
      if ((r + 1) % 8192 == 0 || r == n - 1) { // blocks combined in order, as the fit does
        for (int i = 0; i < out.sums.length; i++) {
          out.sums[i] += blockSums[i];
          blockSums[i] = 0;
        }
        for (int c = 0; c < k; c++) {
          out.counts[c] += blockCounts[c];
          blockCounts[c] = 0;
        }
        out.inertia += blockInertia;
        blockInertia = 0;
      }
    }
    return out;
  }
}
