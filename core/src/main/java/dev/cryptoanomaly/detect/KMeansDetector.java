package dev.cryptoanomaly.detect;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * K-Means: rows far from every cluster centre are anomalous. Score = Euclidean distance to the
 * nearest centroid in robust-scaled space. Explanation: each feature's share of that squared
 * distance (exact: the shares are the terms of the sum), with the centroid, unscaled, as the
 * typical value.
 */
public final class KMeansDetector extends RowDetector implements RegimeModel {
  public static final String KIND = "kmeans";

  private final RobustScaler scaler;
  private final double[] centroids; // k x d, scaled, row-major
  private final int k;
  private final int iterations;
  private final double inertia;
  private final long seed;

  KMeansDetector(
      List<String> features,
      RobustScaler scaler,
      double[] centroids,
      int iterations,
      double inertia,
      long seed) {
    super(features);
    this.scaler = scaler;
    this.centroids = centroids;
    this.k = centroids.length / features.size();
    this.iterations = iterations;
    this.inertia = inertia;
    this.seed = seed;
  }

  /** Fits {@code k} clusters; one-line errors for too few rows, NaN or k below 1. */
  public static KMeansDetector fit(FeatureMatrix train, int k, long seed) {
    requireClusters(train, k); // before the preparation: as many rows as clusters comes first
    return prepare(train).fit(k, seed);
  }

  record Fitted(KMeansDetector detector, int[] labels, double[] scaled) {
    /** Value semantics: equal when the arrays hold equal elements. */
    @Override
    public boolean equals(Object other) {
      return other instanceof Fitted o
          && java.util.Objects.equals(detector, o.detector)
          && java.util.Arrays.equals(labels, o.labels)
          && java.util.Arrays.equals(scaled, o.scaled);
    }

    @Override
    public int hashCode() {
      int h = java.util.Objects.hashCode(detector);
      h = 31 * h + java.util.Arrays.hashCode(labels);
      h = 31 * h + java.util.Arrays.hashCode(scaled);
      return h;
    }

    @Override
    public String toString() {
      return "Fitted["
          + "detector="
          + detector
          + ", "
          + "labels="
          + java.util.Arrays.toString(labels)
          + ", "
          + "scaled="
          + java.util.Arrays.toString(scaled)
          + "]";
    }
  }

  private static void requireClusters(FeatureMatrix train, int k) {
    String label = KIND + " model";
    if (k < 1) {
      throw new dev.cryptoanomaly.UserException(label + " needs at least 1 cluster; got " + k);
    }
    DetectorInputs.requireRows(label, train, k, "to fit " + k + " clusters");
  }

  /**
   * Checks, scales and lays out a training matrix once for fits of several cluster counts (the
   * training search): each fit then costs only its own iterations. One-line error for NaN.
   */
  public static Prepared prepare(FeatureMatrix train) {
    DetectorInputs.requireFinite(KIND + " model", train);
    return new Prepared(train);
  }

  /** A training matrix checked, robust-scaled and laid out for the assignment, shared by fits. */
  public static final class Prepared {
    private final FeatureMatrix train;
    private final RobustScaler scaler;
    private final double[] scaled;
    private final KMeansFit.Rows rows;

    private Prepared(FeatureMatrix train) {
      this.train = train;
      this.scaler = RobustScaler.fit(train);
      this.scaled = scaler.transformAll(train);
      this.rows = new KMeansFit.Rows(scaled, train.rows(), train.width());
    }

    /** Fits {@code k} clusters: the same model {@link KMeansDetector#fit} gives. */
    public KMeansDetector fit(int k, long seed) {
      return fitWithLabels(k, seed).detector();
    }

    Fitted fitWithLabels(int k, long seed) {
      requireClusters(train, k);
      KMeansFit.Result r = KMeansFit.fit(rows, k, seed);
      KMeansDetector detector =
          new KMeansDetector(
              train.columns(), scaler, r.centroids(), r.iterations(), r.inertia(), seed);
      return new Fitted(detector, r.labels(), scaled);
    }
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public int regimes() {
    return k;
  }

  @Override
  public double[] scaled(double[] row) {
    return checkedScaled(scaler, row);
  }

  @Override
  public int regime(double[] row) {
    return nearest(scaled(row));
  }

  private int nearest(double[] z) {
    int d = z.length;
    int nearest = 0;
    double best = Double.MAX_VALUE;
    for (int c = 0; c < k; c++) {
      double dist = KMeansFit.squaredDistance(z, 0, centroids, c * d, d);
      if (dist < best) {
        best = dist;
        nearest = c;
      }
    }
    return nearest;
  }

  RobustScaler scaler() {
    return scaler;
  }

  double[] centroids() {
    return centroids.clone();
  }

  @Override
  double[] scratch() {
    return new double[features.size()];
  }

  @Override
  double scoreRow(double[] values, int offset, double[] z) {
    scaler.transform(values, offset, z);
    int d = z.length;
    double best = Double.MAX_VALUE;
    for (int c = 0; c < k; c++) {
      best = Math.min(best, KMeansFit.squaredDistance(z, 0, centroids, c * d, d));
    }
    return Math.sqrt(best);
  }

  @Override
  public Explanation explain(double[] row) {
    int d = features.size();
    double[] z = scaled(row);
    int nearest = nearest(z);
    double[] parts = new double[d];
    for (int j = 0; j < d; j++) {
      double delta = z[j] - centroids[nearest * d + j];
      parts[j] = delta * delta;
    }
    double[] shares = Explanation.shares(parts);
    List<Explanation.Contribution> out = new ArrayList<>();
    for (int j = 0; j < d; j++) {
      out.add(
          new Explanation.Contribution(features.get(j), row[j], scaler.unscale(j, 0), shares[j]));
    }
    return Explanation.sorted(nearest, out);
  }

  @Override
  public Map<String, Object> parameters() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("clusters", k);
    p.put("seed", seed);
    p.put("iterations", iterations);
    p.put("inertia", inertia);
    return p;
  }
}
