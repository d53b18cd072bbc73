package dev.cryptoanomaly.detect;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Lloyd's K-Means on scaled rows, seeded with greedy k-means++ (as scikit-learn: 2 + ln k
 * candidates per step, the one that lowers the potential most is kept). Iterates until the
 * centroids move less than {@code tol} x the mean feature variance, as scikit-learn's tol. Partial
 * sums are computed per block in parallel and combined in block order, so a fit is the same for a
 * seed whatever the number of threads. An emptied cluster takes the row farthest from its centre.
 */
final class KMeansFit {
  static final int MAX_ITERATIONS = 300;
  static final double TOL = 1e-4;
  static final int INIT_SAMPLE = 100_000;
  private static final int BLOCK = 8192;

  record Result(double[] centroids, int iterations, double inertia, int[] labels) {
    /** Value semantics: equal when the arrays hold equal elements. */
    @Override
    public boolean equals(Object other) {
      return other instanceof Result o
          && java.util.Arrays.equals(centroids, o.centroids)
          && iterations == o.iterations
          && Double.compare(inertia, o.inertia) == 0
          && java.util.Arrays.equals(labels, o.labels);
    }

    @Override
    public int hashCode() {
      int h = java.util.Arrays.hashCode(centroids);
      h = 31 * h + iterations;
      h = 31 * h + Double.hashCode(inertia);
      h = 31 * h + java.util.Arrays.hashCode(labels);
      return h;
    }

    @Override
    public String toString() {
      return "Result["
          + "centroids="
          + java.util.Arrays.toString(centroids)
          + ", "
          + "iterations="
          + iterations
          + ", "
          + "inertia="
          + inertia
          + ", "
          + "labels="
          + java.util.Arrays.toString(labels)
          + "]";
    }
  }

  private KMeansFit() {}

  static Result fit(double[] x, int n, int d, int k, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] centroids = kmeansPlusPlus(x, n, d, k, rng);
    double tol = TOL * meanVariance(x, n, d);
    int[] labels = new int[n];
    double[] columns = transpose(x, n, d);
    Bounds bounds = new Bounds(n);
    double[] moved = null; // how far each centroid moved in the last step; null: bounds unknown
    int iteration = 0;
    while (iteration < MAX_ITERATIONS) {
      iteration++;
      Partial total =
          moved == null
              ? assignFresh(x, columns, n, d, k, centroids, labels, bounds)
              : assignBounded(x, columns, n, d, k, centroids, labels, bounds, moved);
      boolean emptied = false;
      for (int c = 0; c < k; c++) {
        emptied |= total.counts[c] == 0;
      }
      if (emptied && total.farthest < 0) {
        // The bounded step knows no farthest row: an exact pass finds it (rare).
        total = assignFresh(x, columns, n, d, k, centroids, labels, bounds);
      }
      double[] next = new double[k * d];
      for (int c = 0; c < k; c++) {
        if (total.counts[c] == 0) {
          // Empty: restart it on the worst-fitted row, which then leaves its old cluster.
          System.arraycopy(x, total.farthestRow * d, next, c * d, d);
          continue;
        }
        for (int j = 0; j < d; j++) {
          next[c * d + j] = total.sums[c * d + j] / total.counts[c];
        }
      }
      double shift = 0;
      moved = new double[k];
      for (int c = 0; c < k; c++) {
        double m = 0;
        for (int j = 0; j < d; j++) {
          double delta = next[c * d + j] - centroids[c * d + j];
          m += delta * delta;
        }
        shift += m;
        moved[c] = Math.sqrt(m);
      }
      if (emptied) {
        moved = null; // a restarted centroid invalidates every bound
      }
      centroids = next;
      if (shift <= tol) {
        break;
      }
    }
    Partial last = assignFresh(x, columns, n, d, k, centroids, labels, bounds);
    return new Result(centroids, iteration, last.inertia, labels);
  }

  /**
   * Hamerly's bounds per row: an upper bound on the distance to its own centroid and a lower bound
   * on the distance to any other. While the upper stays under the lower (or half the distance from
   * its centroid to the nearest other), the row's nearest centroid cannot have changed, and the k
   * distances Lloyd would compute are skipped. The labels, sums and so the centroids are Lloyd's;
   * late iterations, where few rows change cluster, cost a bound check per row.
   */
  private static final class Bounds {
    final double[] upper;
    final double[] lower;

    Bounds(int n) {
      upper = new double[n];
      lower = new double[n];
    }
  }

  /** Rounding margin: a bound must win by more than this share to skip the exact distances. */
  private static final double MARGIN = 1e-9;

  /**
   * Lloyd's assignment computing every distance, setting each row's bounds; the inertia is the sum
   * of the nearest squared distances.
   */
  private static Partial assignFresh(
      double[] x,
      double[] columns,
      int n,
      int d,
      int k,
      double[] centroids,
      int[] labels,
      Bounds bounds) {
    return blocks(
        n,
        k,
        d,
        (p, lo, hi, s) -> exactBlock(p, x, columns, n, d, k, centroids, labels, bounds, lo, hi, s));
  }

  /** Every distance of rows {@code [lo, hi)}: their labels, bounds, sums and inertia. */
  private static void exactBlock(
      Partial p,
      double[] x,
      double[] columns,
      int n,
      int d,
      int k,
      double[] centroids,
      int[] labels,
      Bounds bounds,
      int lo,
      int hi,
      Scratch s) {
    nearestTwoBlock(columns, n, d, k, centroids, lo, hi, s);
    for (int i = 0; i < hi - lo; i++) {
      take(p, x, lo + i, d, k, labels, bounds, s, i);
    }
  }

  /** Row {@code r}'s nearest two from the block's scratch (at {@code i}): label, bounds, sums. */
  private static void take(
      Partial p, double[] x, int r, int d, int k, int[] labels, Bounds bounds, Scratch s, int i) {
    double best = s.best[i];
    labels[r] = s.label[i];
    bounds.upper[r] = Math.sqrt(best);
    bounds.lower[r] = k == 1 ? Double.MAX_VALUE : Math.sqrt(s.second[i]);
    p.inertia += best;
    if (best > p.farthest) {
      p.farthest = best;
      p.farthestRow = r;
    }
    add(p, x, r, d, labels[r]);
  }

  /**
   * The nearest and second-nearest squared distances of rows {@code [lo, hi)}: each centroid
   * against the rows' columns, loops over rows that the JIT turns into vector instructions (a row's
   * six distances one at a time do not vectorise). Sums in the same order as {@link
   * #squaredDistance}, ties to the lowest centroid: the same answers, bit for bit.
   */
  private static void nearestTwoBlock(
      double[] columns, int n, int d, int k, double[] centroids, int lo, int hi, Scratch s) {
    int len = hi - lo;
    double[] dist = s.dist;
    double[] best = s.best;
    double[] second = s.second;
    int[] label = s.label;
    java.util.Arrays.fill(best, 0, len, Double.MAX_VALUE);
    java.util.Arrays.fill(second, 0, len, Double.MAX_VALUE);
    for (int c = 0; c < k; c++) {
      java.util.Arrays.fill(dist, 0, len, 0.0);
      for (int j = 0; j < d; j++) {
        double cj = centroids[c * d + j];
        int base = j * n + lo;
        for (int i = 0; i < len; i++) {
          double delta = columns[base + i] - cj;
          dist[i] += delta * delta;
        }
      }
      for (int i = 0; i < len; i++) {
        double v = dist[i];
        if (v < best[i]) {
          second[i] = best[i];
          best[i] = v;
          label[i] = c;
        } else if (v < second[i]) {
          second[i] = v;
        }
      }
    }
  }

  /** Column-major copy of the rows: feature j of row r at {@code j * n + r}. */
  private static double[] transpose(double[] x, int n, int d) {
    double[] t = new double[n * d];
    for (int r = 0; r < n; r++) {
      for (int j = 0; j < d; j++) {
        t[j * n + r] = x[r * d + j];
      }
    }
    return t;
  }

  /** Lloyd's assignment, skipping the rows whose bounds prove their centroid is still nearest. */
  private static Partial assignBounded(
      double[] x,
      double[] columns,
      int n,
      int d,
      int k,
      double[] centroids,
      int[] labels,
      Bounds bounds,
      double[] moved) {
    // Half the distance from each centroid to its nearest other: a row closer than that to its
    // own centroid is nearest to it.
    double[] half = new double[k];
    for (int c = 0; c < k; c++) {
      double nearest = Double.MAX_VALUE;
      for (int o = 0; o < k; o++) {
        if (o != c) {
          nearest = Math.min(nearest, squaredDistance(centroids, c * d, centroids, o * d, d));
        }
      }
      half[c] = 0.5 * Math.sqrt(nearest);
    }
    int most = 0;
    for (int c = 1; c < k; c++) {
      if (moved[c] > moved[most]) {
        most = c;
      }
    }
    double second = 0;
    for (int c = 0; c < k; c++) {
      if (c != most) {
        second = Math.max(second, moved[c]);
      }
    }
    int mostMoved = most;
    double secondMost = second;
    Partial total =
        blocks(
            n,
            k,
            d,
            (p, lo, hi, s) -> {
              int len = hi - lo;
              int open = 0;
              for (int i = 0; i < len; i++) {
                int r = lo + i;
                int a = labels[r];
                double u = bounds.upper[r] + moved[a];
                double l = bounds.lower[r] - (a == mostMoved ? secondMost : moved[mostMoved]);
                bounds.upper[r] = u;
                bounds.lower[r] = l;
                double limit = Math.max(half[a], l) * (1 - MARGIN);
                s.limit[i] = limit;
                if (u > limit) {
                  s.open[open++] = i;
                }
              }
              if (2 * open > len) {
                // Most rows in doubt (early iterations): every distance, vectorised, is cheaper.
                exactBlock(p, x, columns, n, d, k, centroids, labels, bounds, lo, hi, s);
                return;
              }
              for (int o = 0; o < open; o++) {
                int i = s.open[o];
                int r = lo + i;
                double u = Math.sqrt(squaredDistance(x, r * d, centroids, labels[r] * d, d));
                bounds.upper[r] = u;
                if (u > s.limit[i]) {
                  nearestTwo(x, r, d, k, centroids, labels, bounds);
                }
              }
              for (int r = lo; r < hi; r++) {
                add(p, x, r, d, labels[r]);
              }
            });
    total.farthest = -1; // unknown: bounds are not distances
    return total;
  }

  /**
   * The nearest centroid of row r (lowest index on a tie, as Lloyd) and the distance to the next.
   */
  private static void nearestTwo(
      double[] x, int r, int d, int k, double[] centroids, int[] labels, Bounds bounds) {
    int best = 0;
    double bestDistance = Double.MAX_VALUE;
    double secondDistance = Double.MAX_VALUE;
    for (int c = 0; c < k; c++) {
      double dist = squaredDistance(x, r * d, centroids, c * d, d);
      if (dist < bestDistance) {
        secondDistance = bestDistance;
        bestDistance = dist;
        best = c;
      } else if (dist < secondDistance) {
        secondDistance = dist;
      }
    }
    labels[r] = best;
    bounds.upper[r] = Math.sqrt(bestDistance);
    bounds.lower[r] = k == 1 ? Double.MAX_VALUE : Math.sqrt(secondDistance);
  }

  private static void add(Partial p, double[] x, int r, int d, int label) {
    p.counts[label]++;
    for (int j = 0; j < d; j++) {
      p.sums[label * d + j] += x[r * d + j];
    }
  }

  private interface BlockStep {
    void apply(Partial p, int lo, int hi, Scratch s);
  }

  /** Per-thread work arrays of one block. */
  private static final class Scratch {
    final double[] dist = new double[BLOCK];
    final double[] best = new double[BLOCK];
    final double[] second = new double[BLOCK];
    final double[] limit = new double[BLOCK];
    final int[] label = new int[BLOCK];
    final int[] open = new int[BLOCK];
  }

  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  /** A step over every block of rows in parallel, the partial sums combined in block order. */
  private static Partial blocks(int n, int k, int d, BlockStep step) {
    int count = (n + BLOCK - 1) / BLOCK;
    Partial[] partials = new Partial[count];
    IntStream.range(0, count)
        .parallel()
        .forEach(
            b -> {
              Partial p = new Partial(k, d);
              step.apply(p, b * BLOCK, Math.min(n, (b + 1) * BLOCK), SCRATCH.get());
              partials[b] = p;
            });
    Partial total = new Partial(k, d);
    for (Partial p : partials) {
      total.add(p);
    }
    return total;
  }

  /** Per-block sums of the assignment step. */
  private static final class Partial {
    final double[] sums;
    final long[] counts;
    double inertia;
    double farthest = -1;
    int farthestRow;

    Partial(int k, int d) {
      sums = new double[k * d];
      counts = new long[k];
    }

    void add(Partial o) {
      for (int i = 0; i < sums.length; i++) {
        sums[i] += o.sums[i];
      }
      for (int i = 0; i < counts.length; i++) {
        counts[i] += o.counts[i];
      }
      inertia += o.inertia;
      if (o.farthest > farthest) {
        farthest = o.farthest;
        farthestRow = o.farthestRow;
      }
    }
  }

  static double squaredDistance(double[] a, int ao, double[] b, int bo, int d) {
    double s = 0;
    for (int j = 0; j < d; j++) {
      double delta = a[ao + j] - b[bo + j];
      s += delta * delta;
    }
    return s;
  }

  private static double meanVariance(double[] x, int n, int d) {
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
    return total / d;
  }

  /** Greedy k-means++ on an evenly spaced sample of at most {@link #INIT_SAMPLE} rows. */
  static double[] kmeansPlusPlus(double[] x, int n, int d, int k, SplittableRandom rng) {
    int step = Math.max(1, n / INIT_SAMPLE);
    int m = (n + step - 1) / step;
    double[] sample = new double[m * d];
    for (int i = 0; i < m; i++) {
      System.arraycopy(x, i * step * d, sample, i * d, d);
    }
    int trials = 2 + (int) Math.log(k);
    double[] centroids = new double[k * d];
    int first = rng.nextInt(m);
    System.arraycopy(sample, first * d, centroids, 0, d);
    double[] closest = new double[m];
    double potential = 0;
    for (int i = 0; i < m; i++) {
      closest[i] = squaredDistance(sample, i * d, centroids, 0, d);
      potential += closest[i];
    }
    double[] candidateClosest = new double[m];
    double[] bestClosest = new double[m];
    for (int c = 1; c < k; c++) {
      int bestCandidate = -1;
      double bestPotential = Double.MAX_VALUE;
      for (int t = 0; t < trials; t++) {
        int candidate = pick(closest, potential, rng);
        double candidatePotential = 0;
        for (int i = 0; i < m; i++) {
          candidateClosest[i] =
              Math.min(closest[i], squaredDistance(sample, i * d, sample, candidate * d, d));
          candidatePotential += candidateClosest[i];
        }
        if (candidatePotential < bestPotential) {
          bestPotential = candidatePotential;
          bestCandidate = candidate;
          System.arraycopy(candidateClosest, 0, bestClosest, 0, m);
        }
      }
      System.arraycopy(sample, bestCandidate * d, centroids, c * d, d);
      System.arraycopy(bestClosest, 0, closest, 0, m);
      potential = bestPotential;
    }
    return centroids;
  }

  /** A row drawn with probability proportional to its squared distance. */
  private static int pick(double[] closest, double potential, SplittableRandom rng) {
    if (potential <= 0) {
      return rng.nextInt(closest.length);
    }
    double target = rng.nextDouble() * potential;
    double cumulative = 0;
    for (int i = 0; i < closest.length; i++) {
      cumulative += closest[i];
      if (cumulative >= target) {
        return i;
      }
    }
    return closest.length - 1;
  }
}
