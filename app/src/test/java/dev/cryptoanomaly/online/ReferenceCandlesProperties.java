package dev.cryptoanomaly.online;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cryptoanomaly.features.FeatureJob;
import dev.cryptoanomaly.features.FeatureSpec;
import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Kline;
import dev.cryptoanomaly.kline.Market;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.store.KlineStoreContract;
import dev.cryptoanomaly.store.embedded.SqliteKlineStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * The reference's returns a stream processor remembers are batch's: a symbol's market-relative
 * return computed with them equals the one {@code FeatureJob} computes from the store, gaps of the
 * reference included; and they survive encoding as checkpoints keep them.
 */
class ReferenceCandlesProperties {
  static final long START = 1_714_953_600_000L; // 2024-05-06
  static final Interval M1 = Interval.M1;

  @Property(tries = 30)
  void theRemembersReturnsEqualBatchAcrossGapsAndAnEncoding(
      @ForAll @Size(min = 5, max = 60) List<@IntRange(min = 0, max = 3) Integer> steps)
      throws Exception {
    List<Integer> referenceSteps = new ArrayList<>(List.of(1, 1)); // some returns, as batch needs
    referenceSteps.addAll(steps);
    List<Kline> reference = candles(referenceSteps, 100.0);
    List<Kline> symbol = candles(steps.stream().map(s -> 0).toList(), 10.0);
    Path home = Files.createTempDirectory("reference");
    try (KlineStore store = SqliteKlineStore.open(home)) {
      SeriesKey btc = new SeriesKey(Market.SPOT, "BTCUSDT", M1);
      SeriesKey eth = new SeriesKey(Market.SPOT, "ETHUSDT", M1);
      store.write(btc, reference, KlineStoreContract.ledger("generated", btc, reference.size()));
      store.write(eth, symbol, KlineStoreContract.ledger("generated", eth, symbol.size()));
      FeatureSpec spec = FeatureSpec.parse("market_relative_return");
      long to = M1.next(symbol.get(symbol.size() - 1).openTime());
      var batch = new FeatureJob(store).compute(eth, spec, START, to).frame();

      ReferenceCandles live = new ReferenceCandles(M1);
      reference.forEach(k -> live.add(k.openTime(), k.close()));
      ReferenceCandles restored = ReferenceCandles.decode(M1, live.encode());
      ReferenceCandles stored = ReferenceCandles.ofStored(M1, reference);
      var features = new dev.cryptoanomaly.features.FeatureState(M1, spec, false);
      for (int r = 0; r < symbol.size(); r++) {
        Kline k = symbol.get(r);
        double expected = batch.row(r)[0];
        for (ReferenceReturns returns : List.of(live, restored, stored)) {
          assertThat(returns.reached(k.openTime())).isTrue();
        }
        double got = features.update(k, live.at(k.openTime())).values()[0];
        assertThat(Double.doubleToLongBits(got)).as("row %d", r).isEqualTo(doubleBits(expected));
        assertThat(doubleBits(restored.at(k.openTime())))
            .isEqualTo(doubleBits(live.at(k.openTime())));
        assertThat(doubleBits(stored.at(k.openTime())))
            .isEqualTo(doubleBits(live.at(k.openTime())));
      }
    }
  }

  @Test
  void onlyTheLatestMemoryOpenTimesAreKeptAndALateCandleChangesNothing() {
    ReferenceCandles r = new ReferenceCandles(M1);
    int n = ReferenceCandles.MEMORY + 10;
    for (int i = 0; i < n; i++) {
      r.add(START + i * 60_000L, 100 + i);
    }
    long last = START + (n - 1) * 60_000L;
    assertThat(r.latest()).isEqualTo(last);
    assertThat(r.reached(last)).isTrue();
    assertThat(r.reached(last + 60_000L)).isFalse();
    assertThat(r.at(last)).isEqualTo(Math.log((100.0 + n - 1) / (100.0 + n - 2)));
    long oldestKept = START + (n - ReferenceCandles.MEMORY) * 60_000L;
    assertThat(r.at(oldestKept)).as("its previous candle is forgotten").isNaN();
    assertThat(r.at(oldestKept + 60_000L)).isNotNaN();
    assertThat(r.at(START)).isNaN();
    r.add(START, 1);
    assertThat(r.latest()).isEqualTo(last);
    assertThat(ReferenceCandles.decode(M1, r.encode()).at(last)).isEqualTo(r.at(last));
  }

  /** Candles one minute apart, a step of k skipping k - 1 open times (0 and 1: the next). */
  private static List<Kline> candles(List<Integer> steps, double base) {
    List<Kline> out = new ArrayList<>();
    long t = START;
    double close = base;
    for (int i = 0; i < steps.size(); i++) {
      t += Math.max(1, steps.get(i)) * 60_000L;
      close *= 1 + ((i * 7919) % 13 - 6) / 1000.0;
      out.add(new Kline(t, close, close * 1.01, close * 0.99, close, 5, t + 59_999, 50, 3, 2, 20));
    }
    return out;
  }

  private static long doubleBits(double v) {
    return Double.doubleToLongBits(v);
  }
}
