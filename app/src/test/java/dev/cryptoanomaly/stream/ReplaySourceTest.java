package dev.cryptoanomaly.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Kline;
import dev.cryptoanomaly.kline.Market;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.store.Provenance;
import dev.cryptoanomaly.store.embedded.SqliteKlineStore;
import dev.cryptoanomaly.testkit.RandomCandles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplaySourceTest {
  private static final long DAY = 86_400_000L;
  private static final long START = 1_704_067_200_000L; // 2024-01-01

  /**
   * Replayed in slices much shorter than a day, three series with gaps (two at 1m, one at 5m) come
   * out each candle once, in open-time order, and exactly the stored candles of the period.
   */
  @Test
  void slicedReplayGivesEveryStoredCandleOnceInTimeOrder(@TempDir Path dir) throws Exception {
    List<SeriesKey> keys =
        List.of(
            new SeriesKey(Market.SPOT, "BTCUSDT", Interval.M1),
            new SeriesKey(Market.SPOT, "ETHUSDT", Interval.M1),
            new SeriesKey(Market.SPOT, "SOLUSDT", Interval.M5));
    long from = START + DAY / 3;
    long to = START + 2 * DAY + 7 * 60_000L;
    List<String> expected = new ArrayList<>();
    try (KlineStore store = SqliteKlineStore.open(dir)) {
      long seed = 1;
      for (SeriesKey k : keys) {
        List<Kline> candles =
            RandomCandles.generate(
                k.interval(),
                START,
                new RandomCandles.Shape(
                    3 * 1440 / (k.interval() == Interval.M1 ? 1 : 5), 0.01, 0.05, 0.02, true),
                seed++);
        store.write(k, candles, provenance(k));
        candles.stream()
            .filter(c -> c.openTime() >= from && c.openTime() < to)
            .forEach(c -> expected.add(c.openTime() + " " + k.symbol()));
      }
      List<String> replayed = new ArrayList<>();
      List<Long> times = new ArrayList<>();
      new ReplaySource(store, keys, from, to, 0, 90)
          .run(
              (series, k) -> {
                replayed.add(k.openTime() + " " + series.symbol());
                times.add(k.openTime());
              });
      assertThat(times).isSortedAccordingTo(Comparator.naturalOrder());
      assertThat(replayed).containsExactlyInAnyOrderElementsOf(expected);
    }
  }

  @Test
  void aSliceHoldsADayOfAFewSeriesOrMinutesOfTheWholeMarket() {
    SeriesKey one = new SeriesKey(Market.SPOT, "BTCUSDT", Interval.M1);
    assertThat(ReplaySource.slice(List.of(one), ReplaySource.SLICE_CANDLES)).isEqualTo(DAY);
    List<SeriesKey> market = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      market.add(new SeriesKey(Market.SPOT, "S" + i + "USDT", Interval.M1));
    }
    assertThat(ReplaySource.slice(market, ReplaySource.SLICE_CANDLES)).isEqualTo(100 * 60_000L);
    assertThat(ReplaySource.slice(market, 10)).isEqualTo(60_000L); // never under one interval
  }

  private static Provenance provenance(SeriesKey k) {
    return new Provenance(
        "test:" + k,
        Provenance.Kind.IMPORT,
        k,
        START,
        START + 3 * DAY,
        Provenance.Status.OK,
        null,
        0,
        0,
        0,
        "",
        0);
  }
}
