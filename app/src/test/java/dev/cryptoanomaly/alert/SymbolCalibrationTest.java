package dev.cryptoanomaly.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.DoubleStream;
import org.junit.jupiter.api.Test;

class SymbolCalibrationTest {
  /** Scores of a symbol: |N(0,1)| plus its offset, as a pair that sits higher everywhere. */
  private static double[] scores(long seed, int n, double offset) {
    SplittableRandom rng = new SplittableRandom(seed);
    return DoubleStream.generate(() -> offset + Math.abs(rng.nextGaussian())).limit(n).toArray();
  }

  private static double[] pooled(Map<String, double[]> bySymbol) {
    return bySymbol.values().stream().flatMapToDouble(Arrays::stream).toArray();
  }

  private static double hitShare(DoubleUnaryOperator p, double[] scores, double threshold) {
    return Arrays.stream(scores).filter(s -> p.applyAsDouble(s) <= threshold).count()
        / (double) scores.length;
  }

  @Test
  void aPairWhoseScoresSitHigherNoLongerTakesEveryHitFromTheQuietOnes() {
    Map<String, double[]> bySymbol = new LinkedHashMap<>();
    bySymbol.put("QUIETUSDT", scores(1, 50_000, 0));
    bySymbol.put("MIDUSDT", scores(2, 50_000, 0.5));
    bySymbol.put("WILDUSDT", scores(3, 50_000, 1.5));
    SymbolCalibration c = SymbolCalibration.fit(pooled(bySymbol), bySymbol);
    double threshold = 0.002;
    DoubleUnaryOperator pooled = c.pooled()::tailProbability;

    // Pooled, the quiet pair almost never reaches the threshold and the wild one takes the budget.
    assertThat(hitShare(pooled, bySymbol.get("QUIETUSDT"), threshold)).isLessThan(0.0002);
    assertThat(hitShare(pooled, bySymbol.get("WILDUSDT"), threshold)).isGreaterThan(0.004);
    // With 50,000 scores each the offsets are kept nearly whole, and every pair hits at about the
    // threshold's rate.
    assertThat(c.offset("WILDUSDT") - c.offset("QUIETUSDT")).isCloseTo(1.5, within(0.1));
    for (var e : bySymbol.entrySet()) {
      assertThat(hitShare(c.of(e.getKey()), e.getValue(), threshold))
          .as(e.getKey())
          .isCloseTo(threshold, within(0.0008));
    }
  }

  @Test
  void offsetsAreShrunkByTheShareOfTheirSpreadThatIsNotSamplingNoise() {
    Map<String, double[]> bySymbol = new LinkedHashMap<>();
    bySymbol.put("AUSDT", scores(4, 2_000, 0));
    bySymbol.put("BUSDT", scores(5, 2_000, 0.3));
    bySymbol.put("CUSDT", scores(6, 8_000, 0.6));
    double[] all = pooled(bySymbol);
    SymbolCalibration c = SymbolCalibration.fit(all, bySymbol);

    // The estimator written out: raw offset d_s of the 99th percentile, sampling variance
    // v_s = 99 x scale^2 / n_s, tau^2 = mean(d^2) - mean(v), kept share tau^2 / (tau^2 + v_s).
    ScoreCalibration pooled = ScoreCalibration.fit(all); // the offsets' rows are the pooled ones
    Map<String, double[]> raw = new LinkedHashMap<>();
    bySymbol.forEach(
        (s, x) -> {
          double[] sorted = x.clone();
          Arrays.sort(sorted);
          double d = ScoreCalibration.quantile(sorted, 0.99) - pooled.tailStart();
          double v = 99 * pooled.tailScale() * pooled.tailScale() / x.length;
          raw.put(s, new double[] {d, v});
        });
    double tau2 =
        raw.values().stream().mapToDouble(r -> r[0] * r[0]).average().orElseThrow()
            - raw.values().stream().mapToDouble(r -> r[1]).average().orElseThrow();
    assertThat(tau2).isPositive();
    raw.forEach(
        (s, r) ->
            assertThat(c.offset(s)).as(s).isCloseTo(r[0] * tau2 / (tau2 + r[1]), within(1e-12)));
    // More candles, less noise, more of the raw offset kept.
    double keptA = c.offset("AUSDT") / raw.get("AUSDT")[0];
    double keptC = c.offset("CUSDT") / raw.get("CUSDT")[0];
    assertThat(keptC).isGreaterThan(keptA);
  }

  @Test
  void aShiftCommonToEverySymbolIsNoOffset() {
    Map<String, double[]> bySymbol = new LinkedHashMap<>();
    for (int i = 0; i < 4; i++) {
      bySymbol.put("S" + i + "USDT", scores(30 + i, 20_000, 5)); // a wilder period than held out
    }
    double[] heldOut = scores(40, 20_000, 0);
    SymbolCalibration c = SymbolCalibration.fit(heldOut, bySymbol);
    bySymbol.keySet().forEach(s -> assertThat(Math.abs(c.offset(s))).as(s).isLessThan(0.05));
  }

  @Test
  void symbolsThatDoNotReallyDifferStayAtThePooledCalibration() {
    Map<String, double[]> bySymbol = new LinkedHashMap<>();
    for (int i = 0; i < 6; i++) {
      bySymbol.put("S" + i + "USDT", scores(10 + i, 400, 0));
    }
    SymbolCalibration c = SymbolCalibration.fit(pooled(bySymbol), bySymbol);
    // One distribution for all: the raw offsets are noise with a standard deviation of about 0.17
    // at 400 scores each (99 x 0.35^2 / 400, 0.35 the tail's mean excess), and shrinkage keeps
    // little of it.
    bySymbol.keySet().forEach(s -> assertThat(Math.abs(c.offset(s))).as(s).isLessThan(0.08));
  }

  @Test
  void shortHistoriesUnknownSymbolsAndModelsOfFewSymbolsUseThePooledCalibration() {
    Map<String, double[]> bySymbol = new LinkedHashMap<>();
    bySymbol.put("FEWUSDT", scores(20, SymbolCalibration.MIN_SYMBOL_ROWS - 1, 3));
    bySymbol.put("AUSDT", scores(21, 5_000, 0));
    bySymbol.put("BUSDT", scores(22, 5_000, 1));
    bySymbol.put("CUSDT", scores(23, 5_000, 2));
    SymbolCalibration c = SymbolCalibration.fit(pooled(bySymbol), bySymbol);
    assertThat(c.offsets()).containsOnlyKeys("AUSDT", "BUSDT", "CUSDT");
    assertThat(c.offset("FEWUSDT")).isZero();
    assertThat(c.tailProbability("NEWUSDT", 2.0)).isEqualTo(c.pooled().tailProbability(2.0));

    bySymbol.remove("CUSDT");
    bySymbol.remove("FEWUSDT");
    SymbolCalibration two = SymbolCalibration.fit(pooled(bySymbol), bySymbol);
    assertThat(two.offsets()).as("shrinkage needs three symbols").isEmpty();
  }
}
