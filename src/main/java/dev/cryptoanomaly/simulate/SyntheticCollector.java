package dev.cryptoanomaly.simulate;

import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Kline;
import dev.cryptoanomaly.kline.Market;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.store.Provenance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Stores a simulated market as if it had been collected: spot 1m series with a ledger entry per
 * symbol, and the labels file beside it. Used by {@code --source synthetic} and the offline demo.
 */
public final class SyntheticCollector {
  private final KlineStore store;

  public SyntheticCollector(KlineStore store) {
    this.store = store;
  }

  /** Simulates, stores and writes labels; returns the simulated market. */
  public SimulatedMarket collect(
      List<String> symbols, Instant start, int minutes, long seed, Path labelsFile, long now) {
    SimulatedMarket market = new MarketSimulator(seed).simulate(symbols, start, minutes);
    for (Map.Entry<String, List<Kline>> e : market.klines().entrySet()) {
      SeriesKey series = new SeriesKey(Market.SPOT, e.getKey(), Interval.M1);
      List<Kline> klines = e.getValue();
      long from = klines.get(0).openTime();
      long to = klines.get(klines.size() - 1).openTime() + Interval.M1.millis();
      store.write(
          series,
          klines,
          new Provenance(
              "synthetic:seed=" + seed + ":" + e.getKey() + ":" + from + "-" + to,
              Provenance.Kind.SYNTHETIC,
              series,
              from,
              to,
              Provenance.Status.OK,
              null,
              klines.size(),
              0,
              0,
              "simulated market, seed " + seed + ", labels in " + labelsFile,
              now));
    }
    try {
      market.writeLabels(labelsFile);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write labels to " + labelsFile, e);
    }
    return market;
  }
}
