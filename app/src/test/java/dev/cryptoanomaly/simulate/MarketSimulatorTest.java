package dev.cryptoanomaly.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cryptoanomaly.binance.KlineCsvParser;
import dev.cryptoanomaly.binance.ParsedKlines;
import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Kline;
import dev.cryptoanomaly.testkit.KlineCsv;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MarketSimulatorTest {
  static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
  static final List<String> SYMBOLS = List.of("BTCUSDT", "ETHUSDT", "SOLUSDT");

  @TempDir Path dir;

  SimulatedMarket market(long seed) {
    return new MarketSimulator(seed).simulate(SYMBOLS, START, 20 * 1440);
  }

  @Test
  void sameSeedSameMarketOtherSeedOtherMarket() {
    assertThat(market(1)).isEqualTo(market(1));
    assertThat(market(1).klines().get("BTCUSDT")).isNotEqualTo(market(2).klines().get("BTCUSDT"));
  }

  @Test
  void candlesAreValidBinanceKlines() throws Exception {
    for (List<Kline> series : market(3).klines().values()) {
      assertThat(series).hasSize(20 * 1440);
      String csv = KlineCsv.csv(series, false, false);
      ParsedKlines parsed =
          new KlineCsvParser(Interval.M1)
              .parse(new ByteArrayInputStream(csv.getBytes(StandardCharsets.US_ASCII)), "sim");
      assertThat(parsed.badRows()).isEmpty();
      assertThat(parsed.klines()).isEqualTo(series);
    }
  }

  @Test
  void labelsCoverEveryKindWithoutOverlapAndMarkRealChanges() {
    SimulatedMarket m = market(4);
    EnumSet<AnomalyKind> kinds = EnumSet.noneOf(AnomalyKind.class);
    m.labels().forEach(l -> kinds.add(l.kind()));
    assertThat(kinds).containsExactlyInAnyOrder(AnomalyKind.values());
    assertThat(m.labels().size()).isBetween(SYMBOLS.size() * 15, SYMBOLS.size() * 25);
    for (String s : SYMBOLS) {
      List<AnomalyLabel> mine = m.labels().stream().filter(l -> l.symbol().equals(s)).toList();
      for (int i = 1; i < mine.size(); i++) {
        assertThat(mine.get(i).start()).isAfter(mine.get(i - 1).end());
      }
    }
    AnomalyLabel frozen =
        m.labels().stream()
            .filter(l -> l.kind() == AnomalyKind.FROZEN_FEED)
            .findFirst()
            .orElseThrow();
    Kline k =
        m.klines().get(frozen.symbol()).stream()
            .filter(c -> c.openTime() == frozen.start().toEpochMilli())
            .findFirst()
            .orElseThrow();
    assertThat(k.volume()).isZero();
    assertThat(k.high()).isEqualTo(k.low());
  }

  @Test
  void marketShocksMoveEverySymbolAtOnceAwayFromSingleAssetAnomalies() {
    SimulatedMarket m = market(4);
    List<AnomalyLabel> shocks =
        m.labels().stream().filter(l -> l.symbol().equals(AnomalyLabel.EVERY_SYMBOL)).toList();
    assertThat(shocks).hasSizeBetween(2, 6).allMatch(l -> l.kind() == AnomalyKind.MARKET_SHOCK);
    for (AnomalyLabel shock : shocks) {
      long start = shock.start().toEpochMilli();
      for (String s : SYMBOLS) {
        List<Kline> k = m.klines().get(s);
        int at = (int) ((start - k.get(0).openTime()) / 60_000);
        // The crash leg is the first 2 to 5 candles: the low of the next five is well below the
        // open, for every symbol, beta 0.7 or more times a 3 % or deeper fall.
        double low = k.subList(at, at + 5).stream().mapToDouble(Kline::low).min().orElseThrow();
        assertThat(low / k.get(at).open() - 1).as(s + " at " + shock.start()).isLessThan(-0.015);
      }
      assertThat(m.labels())
          .filteredOn(l -> !l.symbol().equals(AnomalyLabel.EVERY_SYMBOL))
          .noneMatch(
              l ->
                  l.end().isAfter(shock.start().minusSeconds(15 * 60))
                      && l.start().isBefore(shock.end().plusSeconds(15 * 60)));
    }
  }

  @Test
  void returnsAreHeavyTailedAndSymbolsCorrelated() {
    // Without injected anomalies, whose idiosyncratic jumps would dominate the sums of squares.
    SimulatedMarket m = new MarketSimulator(5, 0.0).simulate(SYMBOLS, START, 20 * 1440);
    assertThat(m.labels()).isEmpty();
    double[] btc = returns(m.klines().get("BTCUSDT"));
    double[] eth = returns(m.klines().get("ETHUSDT"));
    assertThat(kurtosis(btc)).as("excess kurtosis").isGreaterThan(1.0);
    assertThat(correlation(btc, eth)).isBetween(0.4, 0.95);
  }

  @Test
  void labelsFileIsCsv() throws Exception {
    Path file = dir.resolve("labels.csv");
    market(6).writeLabels(file);
    List<String> lines = Files.readAllLines(file);
    assertThat(lines.get(0)).isEqualTo("symbol,start,end,kind");
    assertThat(lines.get(1))
        .matches("[A-Z]+USDT,\\d{4}-\\d\\d-\\d\\dT[0-9:]+Z,\\d{4}-\\d\\d-\\d\\dT[0-9:]+Z,[a-z_]+");
  }

  static double[] returns(List<Kline> k) {
    double[] r = new double[k.size() - 1];
    for (int i = 1; i < k.size(); i++) {
      r[i - 1] = Math.log(k.get(i).close() / k.get(i - 1).close());
    }
    return r;
  }

  static double kurtosis(double[] x) {
    double mean = java.util.Arrays.stream(x).average().orElseThrow();
    double m2 = 0;
    double m4 = 0;
    for (double v : x) {
      m2 += Math.pow(v - mean, 2);
      m4 += Math.pow(v - mean, 4);
    }
    m2 /= x.length;
    m4 /= x.length;
    return m4 / (m2 * m2) - 3;
  }

  static double correlation(double[] a, double[] b) {
    double ma = java.util.Arrays.stream(a).average().orElseThrow();
    double mb = java.util.Arrays.stream(b).average().orElseThrow();
    double sab = 0;
    double saa = 0;
    double sbb = 0;
    for (int i = 0; i < a.length; i++) {
      sab += (a[i] - ma) * (b[i] - mb);
      saa += (a[i] - ma) * (a[i] - ma);
      sbb += (b[i] - mb) * (b[i] - mb);
    }
    return sab / Math.sqrt(saa * sbb);
  }

  @Test
  void labelsOfEarlierSymbolsAndPeriodsSurviveALaterSimulation() throws Exception {
    Path file = dir.resolve("labels.csv");
    SimulatedMarket first = new MarketSimulator(7).simulate(SYMBOLS, START, 5 * 1440);
    first.writeLabels(file);
    SimulatedMarket doge = new MarketSimulator(7).simulate(List.of("DOGEUSDT"), START, 5 * 1440);
    doge.writeLabels(file);
    SimulatedMarket later =
        new MarketSimulator(7).simulate(List.of("BTCUSDT"), START.plusSeconds(5 * 86_400), 1440);
    later.writeLabels(file);
    List<AnomalyLabel> all = new java.util.ArrayList<>(first.labels());
    all.addAll(doge.labels());
    all.addAll(later.labels());
    // The same seed over the same span shocks the same market: its shocks (symbol *) are kept once.
    List<AnomalyLabel> expected = all.stream().distinct().toList();
    assertThat(expected).anyMatch(l -> l.symbol().equals(AnomalyLabel.EVERY_SYMBOL));

    List<String> rows = Files.readAllLines(file);
    assertThat(rows.get(0)).isEqualTo("symbol,start,end,kind");
    assertThat(rows).hasSize(expected.size() + 1);
    for (AnomalyLabel l : expected) {
      assertThat(rows)
          .contains(l.symbol() + "," + l.start() + "," + l.end() + "," + l.kind().label());
    }

    // Simulating the same symbols and days again replaces their labels instead of doubling them.
    first.writeLabels(file);
    assertThat(Files.readAllLines(file)).hasSize(expected.size() + 1);
  }
}
