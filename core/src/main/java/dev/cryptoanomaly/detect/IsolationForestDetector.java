package dev.cryptoanomaly.detect;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Extended isolation forest (Hariri, Carrasco Kind and Brunner, 2018), a baseline: anomalies are
 * isolated by fewer random cuts. Each cut is a random hyperplane through a random point of the
 * node's bounding box, not an axis-parallel one: the original's axis-parallel cuts leave "ghost"
 * regions between regimes where a row far from every regime still looks normal (on the contract's
 * three-regime data, ROC AUC 0.87 axis-parallel against 0.996 extended). {@link #TREES} trees, each
 * grown on {@link #SAMPLE} robust-scaled rows drawn without replacement, to depth ceil(log2
 * sample). Score = 2^(-mean path length / c(sample)), in (0, 1]. Explanation: each feature's weight
 * in the cuts along the row's paths, shallow cuts weighing more (they isolate); typical values are
 * the training medians.
 */
public final class IsolationForestDetector extends RowDetector {
  public static final String KIND = "iforest";
  static final int TREES = 100;
  static final int SAMPLE = 256;

  private final RobustScaler scaler;

  /** All trees in flat arrays; node {@code i} of tree {@code t} is at {@code t * maxNodes + i}. */
  private final int maxNodes;

  /** At a leaf, minus one minus the rows that reached it; at a cut, the right child's index. */
  private final int[] next;

  private final double[] normal; // d per node
  private final double[] threshold; // go left when normal . z < threshold
  private final double normaliser;
  private final long seed;

  IsolationForestDetector(
      List<String> features,
      RobustScaler scaler,
      int maxNodes,
      int[] next,
      double[] normal,
      double[] threshold,
      long seed) {
    super(features);
    this.scaler = scaler;
    this.maxNodes = maxNodes;
    this.next = next;
    this.normal = normal;
    this.threshold = threshold;
    this.seed = seed;
    this.normaliser = averagePath((maxNodes + 1) / 2);
  }

  public static IsolationForestDetector fit(FeatureMatrix train, long seed) {
    String label = KIND + " model";
    DetectorInputs.requireRows(label, train, 2, "to grow isolation trees");
    DetectorInputs.requireFinite(label, train);
    RobustScaler scaler = RobustScaler.fit(train);
    int d = train.width();
    int psi = Math.min(SAMPLE, train.rows());
    int maxNodes = 2 * psi - 1;
    int depthLimit = (int) Math.ceil(Math.log(psi) / Math.log(2));
    int[] next = new int[TREES * maxNodes];
    double[] normal = new double[TREES * maxNodes * d];
    double[] threshold = new double[TREES * maxNodes];
    SplittableRandom rng = new SplittableRandom(seed);
    for (int t = 0; t < TREES; t++) {
      int[] rows = sampleWithoutReplacement(train.rows(), psi, rng);
      double[] z = new double[psi * d];
      for (int i = 0; i < psi; i++) {
        scaler.transform(train.values(), rows[i] * d, z, i * d);
      }
      new Grower(z, d, t * maxNodes, next, normal, threshold, rng, depthLimit)
          .grow(identity(psi), 0, psi, 0);
    }
    return new IsolationForestDetector(
        train.columns(), scaler, maxNodes, next, normal, threshold, seed);
  }

  private static int[] identity(int n) {
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = i;
    }
    return out;
  }

  private static int[] sampleWithoutReplacement(int n, int m, SplittableRandom rng) {
    // Floyd's algorithm: O(m) whatever n is.
    LinkedHashSet<Integer> chosen = new LinkedHashSet<>();
    for (int j = n - m; j < n; j++) {
      int r = rng.nextInt(j + 1);
      if (!chosen.add(r)) {
        chosen.add(j);
      }
    }
    return chosen.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Grows one tree into the flat arrays, nodes numbered depth first (left child = node + 1). */
  private static final class Grower {
    final double[] z;
    final int d;
    final int base;
    final int[] next;
    final double[] normal;
    final double[] threshold;
    final SplittableRandom rng;
    final int depthLimit;
    int count;

    Grower(
        double[] z,
        int d,
        int base,
        int[] next,
        double[] normal,
        double[] threshold,
        SplittableRandom rng,
        int depthLimit) {
      this.z = z;
      this.d = d;
      this.base = base;
      this.next = next;
      this.normal = normal;
      this.threshold = threshold;
      this.rng = rng;
      this.depthLimit = depthLimit;
    }

    void grow(int[] rows, int from, int to, int depth) {
      int node = count++;
      int n = to - from;
      double[] lo = new double[d];
      double[] hi = new double[d];
      java.util.Arrays.fill(lo, Double.POSITIVE_INFINITY);
      java.util.Arrays.fill(hi, Double.NEGATIVE_INFINITY);
      for (int r = from; r < to; r++) {
        for (int j = 0; j < d; j++) {
          lo[j] = Math.min(lo[j], z[rows[r] * d + j]);
          hi[j] = Math.max(hi[j], z[rows[r] * d + j]);
        }
      }
      boolean spread = false;
      for (int j = 0; j < d; j++) {
        spread |= hi[j] > lo[j];
      }
      if (n <= 1 || depth >= depthLimit || !spread) {
        next[base + node] = -1 - n;
        return;
      }
      int at = (base + node) * d;
      double cut = 0;
      for (int j = 0; j < d; j++) {
        double w = hi[j] > lo[j] ? rng.nextGaussian() : 0; // no slope along a flat feature
        normal[at + j] = w;
        cut += w * (lo[j] + rng.nextDouble() * (hi[j] - lo[j]));
      }
      threshold[base + node] = cut;
      int mid = from;
      for (int r = from; r < to; r++) {
        if (dot(normal, at, z, rows[r] * d, d) < cut) {
          int tmp = rows[mid];
          rows[mid] = rows[r];
          rows[r] = tmp;
          mid++;
        }
      }
      grow(rows, from, mid, depth + 1);
      next[base + node] = count;
      grow(rows, mid, to, depth + 1);
    }
  }

  private static double dot(double[] a, int ao, double[] b, int bo, int d) {
    double s = 0;
    for (int j = 0; j < d; j++) {
      s += a[ao + j] * b[bo + j];
    }
    return s;
  }

  /** c(n): the average path length of an unsuccessful search in a binary search tree of n. */
  static double averagePath(int n) {
    if (n <= 1) {
      return 0;
    }
    if (n == 2) {
      return 1;
    }
    double harmonic = Math.log(n - 1.0) + 0.5772156649015329;
    return 2 * harmonic - 2.0 * (n - 1) / n;
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  double[] scratch() {
    return new double[features.size()];
  }

  @Override
  double scoreRow(double[] values, int offset, double[] z) {
    scaler.transform(values, offset, z);
    int d = z.length;
    double total = 0;
    for (int t = 0; t < TREES; t++) {
      int base = t * maxNodes;
      int node = 0;
      int depth = 0;
      while (next[base + node] >= 0) {
        boolean left = dot(normal, (base + node) * d, z, 0, d) < threshold[base + node];
        node = left ? node + 1 : next[base + node];
        depth++;
      }
      total += depth + averagePath(-1 - next[base + node]);
    }
    return Math.pow(2, -(total / TREES) / normaliser);
  }

  @Override
  public Explanation explain(double[] row) {
    int d = features.size();
    double[] z = checkedScaled(scaler, row);
    double[] parts = new double[d];
    for (int t = 0; t < TREES; t++) {
      int base = t * maxNodes;
      int node = 0;
      int depth = 0;
      while (next[base + node] >= 0) {
        int at = (base + node) * d;
        double norm = 0;
        for (int j = 0; j < d; j++) {
          norm += Math.abs(normal[at + j] * z[j]);
        }
        for (int j = 0; j < d; j++) {
          if (norm > 0) {
            parts[j] += Math.abs(normal[at + j] * z[j]) / norm / (depth + 1);
          }
        }
        node = dot(normal, at, z, 0, d) < threshold[base + node] ? node + 1 : next[base + node];
        depth++;
      }
    }
    double[] shares = Explanation.shares(parts);
    List<Explanation.Contribution> out = new ArrayList<>();
    for (int j = 0; j < d; j++) {
      out.add(new Explanation.Contribution(features.get(j), row[j], scaler.center()[j], shares[j]));
    }
    return Explanation.sorted(-1, out);
  }

  @Override
  public Map<String, Object> parameters() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("trees", TREES);
    p.put("sample", (maxNodes + 1) / 2);
    p.put("seed", seed);
    return p;
  }

  RobustScaler scaler() {
    return scaler;
  }

  int maxNodes() {
    return maxNodes;
  }

  int[] nextArray() {
    return next;
  }

  double[] normalArray() {
    return normal;
  }

  double[] thresholdArray() {
    return threshold;
  }

  long seed() {
    return seed;
  }
}
