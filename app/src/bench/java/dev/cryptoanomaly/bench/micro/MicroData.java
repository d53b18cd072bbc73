package dev.cryptoanomaly.bench.micro;

import dev.cryptoanomaly.detect.FeatureMatrix;
import dev.cryptoanomaly.features.BatchFeatures;
import dev.cryptoanomaly.features.CandleColumns;
import dev.cryptoanomaly.features.FeatureFrame;
import dev.cryptoanomaly.features.FeatureRegistry;
import dev.cryptoanomaly.features.FeatureSpec;
import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Kline;
import dev.cryptoanomaly.simulate.MarketSimulator;
import java.time.Instant;
import java.util.List;

/**
 * The simulated candles and feature rows the micro-benchmarks share: one seed, one symbol and the
 * market's reference symbol beside it (for the market-relative feature).
 *
 * @param candles the symbol's 1m candles
 * @param reference the reference symbol's candles over the same minutes
 */
record MicroData(List<Kline> candles, List<Kline> reference) {
  static final String SYMBOL = "ETHUSDT";

  /** {@code days} of the simulated symbol's and the reference's 1m candles. */
  static MicroData days(int days) {
    var market =
        new MarketSimulator(2024)
            .simulate(
                List.of(FeatureRegistry.REFERENCE_SYMBOL, SYMBOL),
                Instant.parse("2024-01-01T00:00:00Z"),
                days * 1440)
            .klines();
    return new MicroData(market.get(SYMBOL), market.get(FeatureRegistry.REFERENCE_SYMBOL));
  }

  /** The symbol's candle columns with the reference's returns aligned, as batch features need. */
  CandleColumns columns(int from, int to) {
    CandleColumns c = BatchFeatures.columns(Interval.M1, candles.subList(from, to));
    BatchFeatures.alignReference(c, BatchFeatures.columns(Interval.M1, reference));
    return c;
  }

  /** The reference's log return at each of the symbol's candles, as the stream hands it over. */
  double[] referenceReturns() {
    double[] r = new double[reference.size()];
    for (int i = 1; i < r.length; i++) {
      r[i] = Math.log(reference.get(i).close() / reference.get(i - 1).close());
    }
    return r;
  }

  /** The valid feature rows of candles {@code [from, to)}, as detectors are fitted and score. */
  FeatureMatrix rows(int from, int to, FeatureSpec spec) {
    FeatureFrame f = BatchFeatures.compute(columns(from, to), spec);
    int width = f.width();
    double[] values = new double[f.validRows() * width];
    int n = 0;
    for (int r = 0; r < f.rows(); r++) {
      if (f.valid(r)) {
        System.arraycopy(f.row(r), 0, values, n * width, width);
        n++;
      }
    }
    return new FeatureMatrix(spec.names(), n, values);
  }
}
