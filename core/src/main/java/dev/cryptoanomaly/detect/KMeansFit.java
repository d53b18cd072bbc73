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

  /**
   * Scaled rows made ready for fits of any number of clusters: the column-major copy the assignment
   * reads and the tolerance from the features' variance, made once for a search.
   */
  static final class Rows {
    final double[] x;
    final double[] columns;
    final int n;
    final int d;
    final double tol;

    Rows(double[] x, int n, int d) {
      this.x = x;
      this.n = n;
      this.d = d;
      this.columns = transpose(x, n, d);
      this.tol = TOL * meanVariance(columns, n, d);
    }
  }

  static Result fit(double[] x, int n, int d, int k, long seed) {
    return fit(new Rows(x, n, d), k, seed);
  }

  static Result fit(Rows rows, int k, long seed) {
    double[] x = rows.x;
    int n = rows.n;
    int d = rows.d;
    double[] columns = rows.columns;
    double tol = rows.tol;
    SplittableRandom rng = new SplittableRandom(seed);
    double[] centroids = kmeansPlusPlus(x, n, d, k, rng);
    int[] labels = new int[n];
    int iteration = 0;
    while (iteration < MAX_ITERATIONS) {
      iteration++;
      Partial total = assign(columns, n, d, k, centroids, labels);
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
      for (int i = 0; i < next.length; i++) {
        double delta = next[i] - centroids[i];
        shift += delta * delta;
      }
      centroids = next;
      if (shift <= tol) {
        break;
      }
    }
    Partial last = assign(columns, n, d, k, centroids, labels);
    return new Result(centroids, iteration, last.inertia, labels);
  }

  /** Rows per tile: a tile's columns and its k distances stay in the L1 cache. */
  private static final int TILE = 256;

  /**
   * Lloyd's assignment: every row to its nearest centroid (the lowest index on a tie), with the
   * per-block sums, counts, inertia and farthest row. Rows go in tiles of {@link #TILE}: the tile's
   * columns are copied out first, because the JIT vectorises a loop only when every array in it is
   * read at the same index; then each centroid's distances to the whole tile are summed feature by
   * feature, in the order {@link #squaredDistance} sums them, so the answers are the same, bit for
   * bit. (Hamerly's bounds, used before, skipped distances but cost as much per pass as this.)
   */
  private static Partial assign(
      double[] columns, int n, int d, int k, double[] centroids, int[] labels) {
    return blocks(
        n,
        k,
        d,
        (p, lo, hi, s) -> {
          s.ensure(d, k);
          for (int t = lo; t < hi; t += TILE) {
            int len = Math.min(TILE, hi - t);
            for (int j = 0; j < d; j++) {
              System.arraycopy(columns, j * n + t, s.tile[j], 0, len);
            }
            nearest(s, d, k, centroids, len, labels, t);
            collect(p, s, d, t, len, labels);
          }
        });
  }

  /** Each tile row's squared distance to every centroid, the smallest, and its centroid. */
  private static void nearest(
      Scratch s, int d, int k, double[] centroids, int len, int[] previous, int t) {
    double[] best = s.best;
    java.util.Arrays.fill(best, 0, len, Double.MAX_VALUE);
    for (int c = 0; c < k; c++) {
      double[] dist = s.dist[c];
      distances(s.tile, d, centroids, c, dist, len);
      for (int i = 0; i < len; i++) {
        best[i] = Math.min(best[i], dist[i]);
      }
    }
    // The nearest is the lowest centroid at the best distance. Most rows keep their centroid from
    // the last pass: checking it first (and only exact ties below it) is a branch that is mostly
    // right, where scanning every centroid mispredicts about once a row.
    int[] label = s.label;
    double[][] dist = s.dist;
    for (int i = 0; i < len; i++) {
      double b = best[i];
      int was = previous[t + i];
      int at = 0;
      if (dist[was][i] == b) {
        at = was;
        for (int c = 0; c < was; c++) {
          if (dist[c][i] == b) {
            at = c;
            break;
          }
        }
      } else {
        while (at < k - 1 && dist[at][i] != b) { // bounded: a NaN distance equals nothing
          at++;
        }
      }
      label[i] = at;
    }
  }

  /** The tile's labels, counts, sums (row order per cell), inertia and farthest row. */
  private static void collect(Partial p, Scratch s, int d, int t, int len, int[] labels) {
    int[] label = s.label;
    double[] best = s.best;
    System.arraycopy(label, 0, labels, t, len);
    for (int i = 0; i < len; i++) {
      double b = best[i];
      p.inertia += b;
      if (b > p.farthest) {
        p.farthest = b;
        p.farthestRow = t + i;
      }
      p.counts[label[i]]++;
    }
    // Row by row from the tile (in the cache): a row's d additions go to d different sums and run
    // side by side; feature by feature, rows of one cluster would wait on each other's additions.
    double[] sums = p.sums;
    double[][] tile = s.tile;
    for (int i = 0; i < len; i++) {
      int at = label[i] * d;
      for (int j = 0; j < d; j++) {
        sums[at + j] += tile[j][i];
      }
    }
  }

  /** Column-major copy of the rows: feature j of row r at {@code j * n + r}; blocks in parallel. */
  private static double[] transpose(double[] x, int n, int d) {
    double[] t = new double[n * d];
    IntStream.range(0, (n + BLOCK - 1) / BLOCK)
        .parallel()
        .forEach(
            b -> {
              int to = Math.min(n, (b + 1) * BLOCK);
              for (int r = b * BLOCK; r < to; r++) {
                for (int j = 0; j < d; j++) {
                  t[j * n + r] = x[r * d + j];
                }
              }
            });
    return t;
  }

  private interface BlockStep {
    void apply(Partial p, int lo, int hi, Scratch s);
  }

  /** Per-thread work arrays of one tile, grown to the widest fit seen. */
  private static final class Scratch {
    double[][] tile = new double[0][];
    double[][] dist = new double[0][];
    final double[] best = new double[TILE];
    final int[] label = new int[TILE];

    void ensure(int d, int k) {
      if (tile.length < d) {
        tile = new double[d][TILE];
      }
      if (dist.length < k) {
        dist = new double[k][TILE];
      }
    }
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

  /**
   * The mean of the features' variances, from the column-major rows (each column read in order, the
   * columns side by side; every sum in row order as before).
   */
  private static double meanVariance(double[] columns, int n, int d) {
    double[] variances = new double[d];
    IntStream.range(0, d)
        .parallel()
        .forEach(
            j -> {
              int base = j * n;
              double mean = 0;
              for (int r = 0; r < n; r++) {
                mean += columns[base + r];
              }
              mean /= n;
              double var = 0;
              for (int r = 0; r < n; r++) {
                double delta = columns[base + r] - mean;
                var += delta * delta;
              }
              variances[j] = var / n;
            });
    double total = 0;
    for (int j = 0; j < d; j++) {
      total += variances[j];
    }
    return total / d;
  }

  /**
   * Greedy k-means++ on an evenly spaced sample of at most {@link #INIT_SAMPLE} rows, held column
   * by column so that each candidate's distances to the sample are loops the JIT vectorises (the
   * same sums in the same order as {@link #squaredDistance}).
   */
  static double[] kmeansPlusPlus(double[] x, int n, int d, int k, SplittableRandom rng) {
    int step = Math.max(1, n / INIT_SAMPLE);
    int m = (n + step - 1) / step;
    double[][] sample = new double[d][m];
    for (int i = 0; i < m; i++) {
      int at = i * step * d;
      for (int j = 0; j < d; j++) {
        sample[j][i] = x[at + j];
      }
    }
    int trials = 2 + (int) Math.log(k);
    double[] centroids = new double[k * d];
    setRow(centroids, 0, sample, rng.nextInt(m));
    double[] closest = new double[m];
    distances(sample, d, centroids, 0, closest, m);
    double potential = 0;
    for (int i = 0; i < m; i++) {
      potential += closest[i];
    }
    double[] candidateClosest = new double[m];
    double[] bestClosest = new double[m];
    double[] candidateRow = new double[d];
    for (int c = 1; c < k; c++) {
      int bestCandidate = -1;
      double bestPotential = Double.MAX_VALUE;
      for (int t = 0; t < trials; t++) {
        int candidate = pick(closest, potential, rng);
        setRow(candidateRow, 0, sample, candidate);
        distances(sample, d, candidateRow, 0, candidateClosest, m);
        double candidatePotential = 0;
        for (int i = 0; i < m; i++) {
          candidateClosest[i] = Math.min(closest[i], candidateClosest[i]);
          candidatePotential += candidateClosest[i];
        }
        if (candidatePotential < bestPotential) {
          bestPotential = candidatePotential;
          bestCandidate = candidate;
          System.arraycopy(candidateClosest, 0, bestClosest, 0, m);
        }
      }
      setRow(centroids, c, sample, bestCandidate);
      System.arraycopy(bestClosest, 0, closest, 0, m);
      potential = bestPotential;
    }
    return centroids;
  }

  /** Copies sample row {@code i} (column-major) into row {@code at} of {@code rows}. */
  private static void setRow(double[] rows, int at, double[][] sample, int i) {
    int d = sample.length;
    for (int j = 0; j < d; j++) {
      rows[at * d + j] = sample[j][i];
    }
  }

  /**
   * The squared distance of each of the first {@code len} column-major rows to row {@code at} of
   * {@code rows} (d features), into {@code out}: feature by feature over the rows, loops the JIT
   * vectorises, each sum in the order of {@link #squaredDistance}. The assignment's tiles and the
   * seeding's sample both go through here.
   */
  private static void distances(
      double[][] columns, int d, double[] rows, int at, double[] out, int len) {
    java.util.Arrays.fill(out, 0, len, 0.0);
    for (int j = 0; j < d; j++) {
      double cj = rows[at * d + j];
      double[] column = columns[j];
      for (int i = 0; i < len; i++) {
        double delta = column[i] - cj;
        out[i] += delta * delta;
      }
    }
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
