package dev.cryptoanomaly.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The bounded assignment (Hamerly's bounds) skips distances, never changes an answer: on blobs,
 * uniform noise and duplicated rows, the fit equals plain Lloyd from the same start to the bit
 * (centroids, labels, iterations, inertia).
 */
class KMeansFitProperties {
  @Property(tries = 60)
  void boundedLloydIsLloyd(
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
    double mean = 0;
    double total = 0;
    for (int j = 0; j < d; j++) {
      mean = 0;
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
    int iteration = 0;
    double inertia = 0;
    while (true) {
      boolean last = iteration == KMeansFit.MAX_ITERATIONS;
      double[] sums = new double[k * d];
      long[] counts = new long[k];
      double[] blockSums = new double[k * d];
      long[] blockCounts = new long[k];
      double farthest = -1;
      int farthestRow = 0;
      inertia = 0;
      double blockInertia = 0;
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
          farthestRow = r;
        }
        if ((r + 1) % 8192 == 0 || r == n - 1) { // blocks combined in order, as the fit does
          for (int i = 0; i < sums.length; i++) {
            sums[i] += blockSums[i];
            blockSums[i] = 0;
          }
          for (int c = 0; c < k; c++) {
            counts[c] += blockCounts[c];
            blockCounts[c] = 0;
          }
          inertia += blockInertia;
          blockInertia = 0;
        }
      }
      if (last) {
        break;
      }
      iteration++;
      double[] next = new double[k * d];
      for (int c = 0; c < k; c++) {
        if (counts[c] == 0) {
          System.arraycopy(x, farthestRow * d, next, c * d, d);
          continue;
        }
        for (int j = 0; j < d; j++) {
          next[c * d + j] = sums[c * d + j] / counts[c];
        }
      }
      double shift = 0;
      for (int i = 0; i < next.length; i++) {
        double delta = next[i] - centroids[i];
        shift += delta * delta;
      }
      centroids = next;
      if (shift <= tol || iteration == KMeansFit.MAX_ITERATIONS) {
        // One more exact pass for the final labels and inertia, as the fit makes.
        iteration = -iteration;
        break;
      }
    }
    int iterations = -iteration;
    // Final assignment and inertia on the final centroids.
    double finalInertia = 0;
    double blockInertia = 0;
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
      blockInertia += bestDistance;
      if ((r + 1) % 8192 == 0 || r == n - 1) {
        finalInertia += blockInertia;
        blockInertia = 0;
      }
    }
    return new KMeansFit.Result(centroids, iterations, finalInertia, labels);
  }
}
