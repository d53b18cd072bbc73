package dev.cryptoanomaly.simulate;

import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Kline;
import dev.cryptoanomaly.kline.Market;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.store.CandleStore;
import dev.cryptoanomaly.store.Provenance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stores a simulated market as if it had been collected: spot 1m series with a ledger entry per
 * symbol and week, and the labels file beside it. Used by {@code --source synthetic}, the offline
 * demo and the dashboard's download. An interrupted thread (a cancelled job) stops before the next
 * week's write; the labels then cover exactly the candles stored.
 */
public final class SyntheticCollector {
  /** Candles per transaction: a week of 1m, so that a cancel takes effect within one write. */
  static final int CHUNK = 7 * 1440;

  private final CandleStore store;

  public SyntheticCollector(CandleStore store) {
    this.store = store;
  }

  /** What was stored, and whether the run stopped early because it was cancelled. */
  public record Collected(SimulatedMarket stored, boolean cancelled) {
    public long rows() {
      return stored.klines().values().stream().mapToLong(List::size).sum();
    }
  }

  /** Simulates, stores and writes labels. */
  public Collected collect(
      List<String> symbols, Instant start, int minutes, long seed, Path labelsFile, long now) {
    return collect(symbols, start, minutes, seed, labelsFile, now, (stored, total) -> {});
  }

  /** Hears of each week written: candles stored so far of all to store. */
  @FunctionalInterface
  public interface Progress {
    void stored(long stored, long total);
  }

  /** Simulates, stores and writes labels, telling {@code progress} after each write. */
  public Collected collect(
      List<String> symbols,
      Instant start,
      int minutes,
      long seed,
      Path labelsFile,
      long now,
      Progress progress) {
    SimulatedMarket market = new MarketSimulator(seed).simulate(symbols, start, minutes);
    Map<String, List<Kline>> stored = new LinkedHashMap<>();
    boolean cancelled = false;
    long total = market.klines().values().stream().mapToLong(List::size).sum();
    long done = 0;
    for (Map.Entry<String, List<Kline>> e : market.klines().entrySet()) {
      SeriesKey series = new SeriesKey(Market.SPOT, e.getKey(), Interval.M1);
      List<Kline> klines = e.getValue();
      int written = 0;
      while (written < klines.size()) {
        if (Thread.currentThread().isInterrupted()) {
          cancelled = true;
          break;
        }
        List<Kline> chunk = klines.subList(written, Math.min(klines.size(), written + CHUNK));
        store.write(series, chunk, provenance(series, chunk, seed, labelsFile, now));
        written += chunk.size();
        done += chunk.size();
        progress.stored(done, total);
      }
      if (written > 0) {
        stored.put(e.getKey(), klines.subList(0, written));
      }
      if (cancelled) {
        break;
      }
    }
    SimulatedMarket kept = new SimulatedMarket(stored, labelsOf(market, stored));
    try {
      kept.writeLabels(labelsFile);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write labels to " + labelsFile, e);
    }
    return new Collected(kept, cancelled);
  }

  private static Provenance provenance(
      SeriesKey series, List<Kline> chunk, long seed, Path labelsFile, long now) {
    long from = chunk.get(0).openTime();
    long to = chunk.get(chunk.size() - 1).openTime() + Interval.M1.millis();
    return new Provenance(
        "synthetic:seed=" + seed + ":" + series.symbol() + ":" + from + "-" + to,
        Provenance.Kind.SYNTHETIC,
        series,
        from,
        to,
        Provenance.Status.OK,
        null,
        chunk.size(),
        0,
        0,
        "simulated market, seed " + seed + ", labels in " + labelsFile,
        now);
  }

  /** The labels whose anomaly starts inside the candles that were stored. */
  private static List<AnomalyLabel> labelsOf(
      SimulatedMarket market, Map<String, List<Kline>> stored) {
    List<AnomalyLabel> out = new ArrayList<>();
    for (AnomalyLabel l : market.labels()) {
      boolean stores =
          l.symbol().equals(AnomalyLabel.EVERY_SYMBOL)
              ? stored.values().stream().anyMatch(c -> covers(c, l))
              : stored.containsKey(l.symbol()) && covers(stored.get(l.symbol()), l);
      if (stores) {
        out.add(l);
      }
    }
    return out;
  }

  private static boolean covers(List<Kline> candles, AnomalyLabel l) {
    return !candles.isEmpty()
        && l.start().toEpochMilli() <= candles.get(candles.size() - 1).openTime();
  }
}
