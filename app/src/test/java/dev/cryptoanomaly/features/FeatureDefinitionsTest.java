package dev.cryptoanomaly.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.cryptoanomaly.UserException;
import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Kline;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each definition against values worked out by hand, and the rules for gaps and bad rows. */
class FeatureDefinitionsTest {
  private static final long T0 = 1_704_067_200_000L; // 2024-01-01T00:00Z
  private static final long MINUTE = 60_000;

  private static Kline candle(
      int slot, double open, double high, double low, double close, double volume) {
    long t = T0 + slot * MINUTE;
    return new Kline(t, open, high, low, close, volume, t + MINUTE - 1, 0, 10, volume / 2, 0);
  }

  /** {@code n} consecutive calm candles: close 100, range 1, volume 10. */
  private static List<Kline> calm(int n) {
    List<Kline> ks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ks.add(candle(i, 100, 100.5, 99.5, 100, 10));
    }
    return ks;
  }

  private static FeatureFrame frame(List<Kline> ks, Feature... features) {
    return BatchFeatures.compute(
        BatchFeatures.columns(Interval.M1, ks),
        new FeatureSpec(FeatureRegistry.VERSION, List.of(features)));
  }

  @Test
  void specificationFeaturesOfASpike() {
    List<Kline> ks = calm(11);
    ks.set(10, candle(10, 100, 112, 99, 110, 50));
    FeatureFrame f =
        frame(
            ks,
            Feature.VOLATILITY,
            Feature.LOG_RETURN,
            Feature.VOLUME_RATIO,
            Feature.VOLATILITY_RATIO,
            Feature.PRICE_RANGE);
    assertThat(f.valid(10)).isTrue();
    assertThat(f.value(10, 0)).isCloseTo(13.0 / 100, within(1e-15));
    assertThat(f.value(10, 1)).isCloseTo(Math.log(110.0 / 100), within(1e-15));
    // The spike is not part of its own baseline: 50 / mean(10 x 10), not 50 / mean(including 50).
    assertThat(f.value(10, 2)).isCloseTo(5.0, within(1e-12));
    assertThat(f.value(10, 3)).isCloseTo(0.13 / 0.01, within(1e-9));
    assertThat(f.value(10, 4)).isCloseTo(13.0 / 110, within(1e-15));
  }

  @Test
  void returnStdAndZscoreUseTheirWindows() {
    List<Kline> ks = new ArrayList<>();
    double[] closes = new double[23];
    for (int i = 0; i < closes.length; i++) {
      closes[i] = 100 * Math.exp(0.001 * (i % 2 == 0 ? 1 : -1) * i);
      double open = i == 0 ? closes[0] : closes[i - 1];
      ks.add(
          candle(
              i, open, Math.max(open, closes[i]) + 1, Math.min(open, closes[i]) - 1, closes[i], 5));
    }
    FeatureFrame f = frame(ks, Feature.RETURN_STD, Feature.RETURN_ZSCORE);
    int t = 22;
    double[] r = new double[23];
    for (int i = 1; i < 23; i++) {
      r[i] = Math.log(closes[i] / closes[i - 1]);
    }
    assertThat(f.value(t, 0)).isCloseTo(sampleStd(r, t - 9, t + 1), within(1e-15));
    double mean = mean(r, t - 20, t);
    assertThat(f.value(t, 1)).isCloseTo((r[t] - mean) / sampleStd(r, t - 20, t), within(1e-12));
    assertThat(f.valid(21)).as("rows 0..21: the 22 consecutive candles the z-score needs").isTrue();
    assertThat(f.exclusion(20)).isEqualTo(Exclusion.WARMUP_OR_GAP);
  }

  @Test
  void robustZscoreUsesTheMedianAndMadOfThePrevious20Returns() {
    List<Kline> ks = new ArrayList<>();
    double[] closes = new double[23];
    closes[0] = 100;
    for (int i = 1; i < closes.length; i++) {
      double r = i == 22 ? 0.05 : 0.001 * ((i * 7) % 5 - 2); // returns -0.002 .. 0.002, then 5%
      closes[i] = closes[i - 1] * Math.exp(r);
    }
    for (int i = 0; i < closes.length; i++) {
      double open = i == 0 ? closes[0] : closes[i - 1];
      ks.add(candle(i, open, Math.max(open, closes[i]), Math.min(open, closes[i]), closes[i], 5));
    }
    FeatureFrame f = frame(ks, Feature.RETURN_ROBUST_ZSCORE);
    double[] r = new double[23];
    for (int i = 1; i < 23; i++) {
      r[i] = Math.log(closes[i] / closes[i - 1]);
    }
    double[] window = java.util.Arrays.copyOfRange(r, 2, 22);
    java.util.Arrays.sort(window);
    double median = (window[9] + window[10]) / 2;
    double[] deviations =
        java.util.Arrays.stream(window).map(v -> Math.abs(v - median)).sorted().toArray();
    double mad = (deviations[9] + deviations[10]) / 2;
    assertThat(f.valid(22)).isTrue();
    assertThat(f.value(22, 0)).isCloseTo((r[22] - median) / (1.4826 * mad), within(1e-9));
    assertThat(f.value(22, 0)).isGreaterThan(20); // a 5% move among 0.1% moves
    assertThat(f.exclusion(20)).isEqualTo(Exclusion.WARMUP_OR_GAP);
  }

  @Test
  void indicators() {
    List<Kline> ks = calm(21);
    ks.set(20, candle(20, 100, 104, 99, 103, 10)); // upper wick 1/5, lower wick 1/5
    FeatureFrame f =
        frame(
            ks,
            Feature.RSI,
            Feature.VWAP_DISTANCE,
            Feature.UPPER_WICK,
            Feature.LOWER_WICK,
            Feature.TAKER_BUY_RATIO,
            Feature.TRADE_COUNT_RATIO);
    assertThat(f.value(20, 0)).as("only gains in the window").isEqualTo(100.0);
    assertThat(f.value(19, 0)).as("a flat window is neutral").isEqualTo(50.0);
    assertThat(f.value(20, 1)).isCloseTo(103 / 100.0 - 1, within(1e-12));
    assertThat(f.value(20, 2)).isCloseTo(0.2, within(1e-12));
    assertThat(f.value(20, 3)).isCloseTo(0.2, within(1e-12));
    assertThat(f.value(20, 4)).isEqualTo(0.5);
    assertThat(f.value(20, 5)).isEqualTo(1.0);
  }

  @Test
  void aGapInvalidatesEveryWindowThatSpansIt() {
    List<Kline> ks = new ArrayList<>(calm(30));
    for (int i = 0; i < 30; i++) {
      ks.add(candle(31 + i, 100, 100.5, 99.5, 100, 10)); // slot 30 is missing
    }
    FeatureFrame f = frame(ks, Feature.VOLUME_RATIO, Feature.LOG_RETURN);
    // Row 30 is the candle of slot 31, right after the gap: its log return and baseline are gone.
    for (int row = 30; row < 40; row++) {
      assertThat(f.exclusion(row)).as("row %d", row).isEqualTo(Exclusion.WARMUP_OR_GAP);
    }
    assertThat(f.valid(40)).as("11 consecutive candles again").isTrue();
    assertThat(f.excluded()).containsEntry(Exclusion.WARMUP_OR_GAP, 10 + 10);
  }

  @Test
  void zeroVolumeAndZeroBaselineNeverReachAModel() {
    List<Kline> ks = calm(12);
    ks.set(10, candle(10, 100, 100, 100, 100, 0));
    FeatureFrame f = frame(ks, Feature.VOLUME_RATIO, Feature.VOLATILITY_RATIO);
    assertThat(f.exclusion(10)).isEqualTo(Exclusion.ZERO_VOLUME);

    List<Kline> frozen = calm(12);
    for (int i = 0; i < 11; i++) {
      frozen.set(i, candle(i, 100, 100, 100, 100, 0));
    }
    FeatureFrame g = frame(frozen, Feature.VOLUME_RATIO);
    assertThat(g.exclusion(11)).isEqualTo(Exclusion.ZERO_BASELINE);
    assertThat(g.validMatrix()).isEmpty();
  }

  @Test
  void tradeFeaturesAreUnavailableForOhlcvOnlySources() {
    List<Kline> ks = new ArrayList<>();
    for (Kline k : calm(30)) {
      ks.add(
          Kline.ohlcv(
              Interval.M1, k.openTime(), k.open(), k.high(), k.low(), k.close(), k.volume()));
    }
    CandleColumns c = BatchFeatures.columns(Interval.M1, ks);
    FeatureSpec spec = FeatureSpec.all();
    assertThat(BatchFeatures.unavailable(c, spec, 0))
        .containsExactly(
            Feature.TAKER_BUY_RATIO, Feature.TRADE_COUNT_RATIO, Feature.MARKET_RELATIVE_RETURN);
    FeatureFrame f = BatchFeatures.compute(c, spec);
    assertThat(f.exclusion(29)).isEqualTo(Exclusion.MISSING_COLUMNS);
    assertThat(f.value(29, spec.features().indexOf(Feature.TAKER_BUY_RATIO))).isNaN();
  }

  @Test
  void marketRelativeReturnSubtractsTheReference() {
    List<Kline> alt = calm(3);
    alt.set(2, candle(2, 100, 106, 99, 105, 10));
    List<Kline> btc = calm(3);
    btc.set(2, candle(2, 100, 103, 99, 102, 10));
    CandleColumns a = BatchFeatures.columns(Interval.M1, alt);
    BatchFeatures.alignReference(a, BatchFeatures.columns(Interval.M1, btc));
    FeatureFrame f =
        BatchFeatures.compute(
            a, new FeatureSpec(FeatureRegistry.VERSION, List.of(Feature.MARKET_RELATIVE_RETURN)));
    assertThat(f.value(2, 0)).isCloseTo(Math.log(1.05) - Math.log(1.02), within(1e-15));
  }

  @Test
  void specsParseByNameWithOneLineErrors() {
    assertThat(FeatureSpec.parse("volatility, log-return").names())
        .containsExactly("volatility", "log_return");
    assertThat(FeatureSpec.parse("spec").names()).hasSize(6);
    assertThat(FeatureSpec.parse("all").key()).startsWith("v1:volatility,log_return,");
    assertThatThrownBy(() -> FeatureSpec.parse("volatility,vol_ratio"))
        .isInstanceOf(UserException.class)
        .hasMessageStartingWith("unknown feature 'vol_ratio'; known features: volatility,");
    assertThatThrownBy(() -> FeatureSpec.parse("rsi,rsi"))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("twice");
  }

  private static double mean(double[] x, int from, int to) {
    double s = 0;
    for (int i = from; i < to; i++) {
      s += x[i];
    }
    return s / (to - from);
  }

  private static double sampleStd(double[] x, int from, int to) {
    double m = mean(x, from, to);
    double s = 0;
    for (int i = from; i < to; i++) {
      s += (x[i] - m) * (x[i] - m);
    }
    return Math.sqrt(s / (to - from - 1));
  }
}
