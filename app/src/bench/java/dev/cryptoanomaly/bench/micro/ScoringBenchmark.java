package dev.cryptoanomaly.bench.micro;

import dev.cryptoanomaly.detect.CovarianceType;
import dev.cryptoanomaly.detect.Detector;
import dev.cryptoanomaly.detect.FeatureMatrix;
import dev.cryptoanomaly.detect.GaussianMixtureDetector;
import dev.cryptoanomaly.detect.IsolationForestDetector;
import dev.cryptoanomaly.detect.KMeansDetector;
import dev.cryptoanomaly.detect.RobustZScoreDetector;
import dev.cryptoanomaly.features.FeatureSpec;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Batch scoring, per row: every detector on the same {@value #ROWS} robust-scaled specification
 * rows (scored in parallel blocks, as {@code detect} scores a series), fitted with 8 clusters or
 * components on the days before them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ScoringBenchmark {
  static final int ROWS = 40_000;

  @Param({"kmeans", "gmm-full", "gmm-diagonal", "iforest", "robust-z"})
  public String model;

  private FeatureMatrix rows;
  private Detector detector;

  @Setup
  public void setUp() {
    MicroData data = MicroData.days(40);
    // The robust z-score reads its own feature; the others the specification's six.
    FeatureSpec spec =
        model.equals("robust-z")
            ? FeatureSpec.parse("return_robust_zscore")
            : FeatureSpec.specification();
    FeatureMatrix all = data.rows(0, data.candles().size(), spec);
    FeatureMatrix train = all.slice(0, all.rows() - ROWS);
    rows = all.slice(all.rows() - ROWS, all.rows());
    detector =
        switch (model) {
          case "kmeans" -> KMeansDetector.fit(train, 8, 7);
          case "gmm-full" -> GaussianMixtureDetector.fit(train, 8, CovarianceType.FULL, 7);
          case "gmm-diagonal" -> GaussianMixtureDetector.fit(train, 8, CovarianceType.DIAGONAL, 7);
          case "iforest" -> IsolationForestDetector.fit(train, 7);
          case "robust-z" -> RobustZScoreDetector.fit(train);
          default -> throw new IllegalArgumentException(model);
        };
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public double[] scorePerRow() {
    return detector.score(rows);
  }
}
