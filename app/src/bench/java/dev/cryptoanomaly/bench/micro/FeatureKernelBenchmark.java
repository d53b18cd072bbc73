package dev.cryptoanomaly.bench.micro;

import dev.cryptoanomaly.features.BatchFeatures;
import dev.cryptoanomaly.features.CandleColumns;
import dev.cryptoanomaly.features.FeatureFrame;
import dev.cryptoanomaly.features.FeatureSpec;
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

/**
 * The batch feature kernels, per row, on one thread: candles to columns, and columns to every
 * feature of a spec, over a week of one symbol's 1m candles.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FeatureKernelBenchmark {
  static final int CANDLES = 7 * 1440;

  @Param({"specification", "all"})
  public String features;

  private List<Kline> candles;
  private CandleColumns columns;
  private FeatureSpec spec;

  @Setup
  public void setUp() {
    spec = features.equals("all") ? FeatureSpec.all() : FeatureSpec.specification();
    MicroData data = MicroData.days(7);
    candles = data.candles();
    columns = data.columns(0, candles.size());
  }

  /** Candle records to columns: the copy every batch computation starts with. */
  @Benchmark
  @OperationsPerInvocation(CANDLES)
  public CandleColumns columnsPerRow() {
    return BatchFeatures.columns(Interval.M1, candles);
  }

  /** Columns to features: the window kernels themselves. */
  @Benchmark
  @OperationsPerInvocation(CANDLES)
  public FeatureFrame featuresPerRow() {
    return BatchFeatures.compute(columns, spec);
  }
}
