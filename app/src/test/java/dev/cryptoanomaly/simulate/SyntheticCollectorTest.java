package dev.cryptoanomaly.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Market;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.store.embedded.SqliteKlineStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The collector stores a symbol as soon as it is simulated, holding one series at a time: what it
 * stores and the labels it writes are exactly the market simulated whole in memory.
 */
class SyntheticCollectorTest {
  private static final List<String> SYMBOLS = List.of("BTCUSDT", "ETHUSDT", "SOLUSDT");
  private static final Instant START = Instant.parse("2024-05-01T00:00:00Z");
  private static final int MINUTES = 3 * 1440;

  @TempDir Path dir;

  @Test
  void storesAndLabelsExactlyWhatTheWholeMarketSimulationHolds() throws Exception {
    SimulatedMarket whole = new MarketSimulator(7).simulate(SYMBOLS, START, MINUTES);
    Path expectedLabels = dir.resolve("expected.csv");
    whole.writeLabels(expectedLabels);

    Path labels = dir.resolve("labels.csv");
    try (KlineStore store = SqliteKlineStore.open(dir.resolve("home"))) {
      SyntheticCollector.Collected c =
          new SyntheticCollector(store).collect(SYMBOLS, START, MINUTES, 7, labels, 0);
      assertThat(c.rows()).isEqualTo(3L * MINUTES);
      assertThat(c.symbols()).isEqualTo(3);
      assertThat(c.cancelled()).isFalse();
      assertThat(c.labels()).isEqualTo(whole.labels());
      for (String s : SYMBOLS) {
        assertThat(
                store.read(
                    new SeriesKey(Market.SPOT, s, Interval.M1),
                    START.toEpochMilli(),
                    START.toEpochMilli() + MINUTES * 60_000L))
            .isEqualTo(whole.klines().get(s));
      }
    }
    assertThat(Files.readString(labels)).isEqualTo(Files.readString(expectedLabels));
  }

  @Test
  void aRunCancelledBeforeItsFirstWriteStoresAndLabelsNothing() throws Exception {
    Path labels = dir.resolve("labels.csv");
    try (KlineStore store = SqliteKlineStore.open(dir.resolve("home"))) {
      SyntheticCollector.Collected c;
      Thread.currentThread().interrupt(); // cancelled before the first write
      try {
        c = new SyntheticCollector(store).collect(SYMBOLS, START, MINUTES, 7, labels, 0);
      } finally {
        Thread.interrupted();
      }
      assertThat(c.cancelled()).isTrue();
      assertThat(c.rows()).isZero();
      assertThat(c.labels()).isEmpty();
      assertThat(store.series()).isEmpty();
    }
  }
}
