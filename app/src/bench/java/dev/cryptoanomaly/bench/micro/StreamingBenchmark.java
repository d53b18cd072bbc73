package dev.cryptoanomaly.bench.micro;

import dev.cryptoanomaly.alert.ScoreCalibration;
import dev.cryptoanomaly.detect.CovarianceType;
import dev.cryptoanomaly.detect.Detector;
import dev.cryptoanomaly.detect.GaussianMixtureDetector;
import dev.cryptoanomaly.features.FeatureRow;
import dev.cryptoanomaly.features.FeatureSpec;
import dev.cryptoanomaly.features.FeatureState;
import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Kline;
import java.util.List;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * What one closed candle costs a streaming worker before any I/O: its features from the running
 * state, and then its decision (score and tail probability) by a fitted mixture. Per candle, over
 * two days of one symbol.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class StreamingBenchmark {
  static final int CANDLES = 2 * 1440;

  @Param({"specification", "all"})
  public String features;

  private List<Kline> candles;
  private double[] referenceReturns;
  private FeatureSpec spec;
  private Detector detector;
  private ScoreCalibration calibration;

  @Setup
  public void setUp() {
    spec = features.equals("all") ? FeatureSpec.all() : FeatureSpec.specification();
    MicroData data = MicroData.days(12);
    int split = data.candles().size() - CANDLES;
    candles = data.candles().subList(split, data.candles().size());
    referenceReturns =
        java.util.Arrays.copyOfRange(data.referenceReturns(), split, data.candles().size());
    var train = data.rows(0, split, spec);
    detector = GaussianMixtureDetector.fit(train, 4, CovarianceType.FULL, 7);
    calibration = ScoreCalibration.fit(detector.score(train));
  }

  /** The features of each candle, from the state the previous candles left. */
  @Benchmark
  @OperationsPerInvocation(CANDLES)
  public void featuresPerCandle(Blackhole bh) {
    FeatureState state = new FeatureState(Interval.M1, spec, false);
    for (int i = 0; i < CANDLES; i++) {
      bh.consume(state.update(candles.get(i), referenceReturns[i]));
    }
  }

  /** Features, score and tail probability of each candle: the worker's decision. */
  @Benchmark
  @OperationsPerInvocation(CANDLES)
  public void decisionPerCandle(Blackhole bh) {
    FeatureState state = new FeatureState(Interval.M1, spec, false);
    for (int i = 0; i < CANDLES; i++) {
      FeatureRow row = state.update(candles.get(i), referenceReturns[i]);
      if (row.valid()) {
        bh.consume(calibration.tailProbability(detector.score(row.values())));
      }
    }
  }
}
