package dev.cryptoanomaly.detect;

import dev.cryptoanomaly.UserException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gaussian mixture: rows the fitted density finds unlikely are anomalous. Score = negative
 * log-likelihood of the robust-scaled row. Explanation: for the most responsible component, each
 * feature's term of the Mahalanobis distance, (z - μ)_j (Σ⁻¹(z - μ))_j; the terms sum to the
 * distance, negative ones (a feature pulling the row back towards the regime through a correlation)
 * count as zero share. Typical values are the component's mean, unscaled.
 */
public final class GaussianMixtureDetector extends RowDetector implements RegimeModel {
  public static final String KIND = "gmm";

  private final RobustScaler scaler;
  private final GaussianComponents components;
  private final CovarianceType covariance;
  private final int iterations;
  private final double logLikelihood;
  private final int trainRows;
  private final long seed;

  GaussianMixtureDetector(
      List<String> features,
      RobustScaler scaler,
      GaussianComponents components,
      CovarianceType covariance,
      int iterations,
      double logLikelihood,
      int trainRows,
      long seed) {
    super(features);
    this.scaler = scaler;
    this.components = components;
    this.covariance = covariance;
    this.iterations = iterations;
    this.logLikelihood = logLikelihood;
    this.trainRows = trainRows;
    this.seed = seed;
  }

  /**
   * EM runs from this many K-Means starts and the most likely fit is kept, as scikit-learn's {@code
   * n_init}: one start can settle in a poor local optimum and crawl there to the iteration cap.
   */
  public static final int DEFAULT_STARTS = 1;

  private static final int[] NONE = new int[0];

  public static GaussianMixtureDetector fit(
      FeatureMatrix train, int k, CovarianceType covariance, long seed) {
    return fit(train, k, covariance, seed, DEFAULT_STARTS);
  }

  /**
   * The most likely of {@code starts} fits, each EM from K-Means with its own seed (the first with
   * {@code seed}); the second and third also give groups of rows sharing exact values (mass points,
   * such as flat candles) components of their own ({@link MassPoints}). The model records the seed
   * of the start it kept.
   */
  public static GaussianMixtureDetector fit(
      FeatureMatrix train, int k, CovarianceType covariance, long seed, int starts) {
    String label = KIND + " model";
    if (k < 1) {
      throw new UserException(label + " needs at least 1 component; got " + k);
    }
    if (starts < 1) {
      throw new UserException(label + " needs at least 1 start; got " + starts);
    }
    int d = train.width();
    int n = train.rows();
    int perComponent = Math.max(2, covariance == CovarianceType.FULL ? d + 1 : 2);
    DetectorInputs.requireRows(
        label, train, k * perComponent, "to fit " + k + " " + covariance.cliName() + " components");
    GaussianMixtureDetector best = null;
    double[] scaled = null;
    KMeansDetector.Prepared rows = KMeansDetector.prepare(train); // scaled once for every start
    for (int s = 0; s < starts; s++) {
      long startSeed = s == 0 ? seed : new java.util.SplittableRandom(seed + s).nextLong();
      // The second start gives up to two groups of rows at mass points components of their own,
      // the third one group (MassPoints): what K-Means starts never find.
      int wanted = s == 1 || s == 2 ? Math.min(3 - s, k / 4) : 0;
      int[] group = wanted > 0 && scaled != null ? MassPoints.groups(scaled, n, d, wanted) : NONE;
      int groups = MassPoints.count(group);
      KMeansDetector.Fitted init = rows.fitWithLabels(k - groups, startSeed);
      scaled = init.scaled();
      int[] labels = init.labels();
      for (int r = 0; r < group.length; r++) {
        if (group[r] >= 0) {
          labels[r] = k - 1 - group[r];
        }
      }
      GaussianMixtureFit.Result r = GaussianMixtureFit.fit(scaled, n, d, k, covariance, labels);
      if (best == null || r.logLikelihood() > best.logLikelihood) {
        best =
            new GaussianMixtureDetector(
                train.columns(),
                init.detector().scaler(),
                r.components(),
                covariance,
                r.iterations(),
                r.logLikelihood(),
                train.rows(),
                startSeed);
      }
    }
    return best;
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public int regimes() {
    return components.k();
  }

  @Override
  public double[] scaled(double[] row) {
    return checkedScaled(scaler, row);
  }

  @Override
  public int regime(double[] row) {
    return mostResponsible(scaled(row));
  }

  private int mostResponsible(double[] z) {
    int d = z.length;
    double[] work = new double[d + components.k()];
    components.logDensity(z, 0, work, 0);
    int best = 0;
    for (int c = 1; c < components.k(); c++) {
      if (work[d + c] > work[d + best]) {
        best = c;
      }
    }
    return best;
  }

  public CovarianceType covariance() {
    return covariance;
  }

  RobustScaler scaler() {
    return scaler;
  }

  GaussianComponents components() {
    return components;
  }

  int trainRows() {
    return trainRows;
  }

  /** Free parameters: weights, means and covariances. */
  public int freeParameters() {
    int k = components.k();
    int d = components.d();
    return (k - 1) + k * d + k * covariance.parameters(d);
  }

  /** Bayesian information criterion on the training rows (lower is better). */
  public double bic() {
    return -2 * logLikelihood + freeParameters() * Math.log(trainRows);
  }

  /** Akaike information criterion on the training rows (lower is better). */
  public double aic() {
    return -2 * logLikelihood + 2.0 * freeParameters();
  }

  @Override
  double[] scratch() {
    int d = components.d();
    return new double[d + d + components.k()]; // the scaled row, then logDensity's work
  }

  @Override
  double scoreRow(double[] values, int offset, double[] scratch) {
    int d = components.d();
    scaler.transform(values, offset, scratch);
    return -components.logDensity(scratch, 0, scratch, d);
  }

  @Override
  public Explanation explain(double[] row) {
    int d = components.d();
    double[] z = scaled(row);
    int best = mostResponsible(z);
    double[] v = components.precisionTimesDiff(best, z);
    double[] parts = new double[d];
    for (int j = 0; j < d; j++) {
      parts[j] = (z[j] - components.means()[best * d + j]) * v[j];
    }
    double[] shares = Explanation.shares(parts);
    List<Explanation.Contribution> out = new ArrayList<>();
    for (int j = 0; j < d; j++) {
      out.add(
          new Explanation.Contribution(features.get(j), row[j], scaler.unscale(j, 0), shares[j]));
    }
    return Explanation.sorted(best, out);
  }

  @Override
  public Map<String, Object> parameters() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("components", components.k());
    p.put("covariance", covariance.cliName());
    p.put("seed", seed);
    p.put("iterations", iterations);
    p.put("log_likelihood", logLikelihood);
    p.put("bic", bic());
    p.put("aic", aic());
    return p;
  }
}
