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

  /**
   * What was stored: candles, symbols, the labels of those candles, and whether the run stopped
   * early because it was cancelled.
   */
  public record Collected(long rows, int symbols, List<AnomalyLabel> labels, boolean cancelled) {}

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

  /**
   * Simulates, stores and writes labels, telling {@code progress} after each write. Each symbol is
   * stored as soon as it is simulated and then dropped, so memory holds one series, not the market.
   */
  public Collected collect(
      List<String> symbols,
      Instant start,
      int minutes,
      long seed,
      Path labelsFile,
      long now,
      Progress progress) {
    Map<String, SimulatedMarket.Span> stored = new LinkedHashMap<>();
    long total = (long) symbols.size() * minutes;
    long[] done = {0};
    boolean[] cancelled = {false};
    List<AnomalyLabel> labels =
        new MarketSimulator(seed)
            .simulate(
                symbols,
                start,
                minutes,
                (symbol, klines) -> {
                  SeriesKey series = new SeriesKey(Market.SPOT, symbol, Interval.M1);
                  int written = 0;
                  while (written < klines.size() && !cancelled[0]) {
                    if (Thread.currentThread().isInterrupted()) {
                      cancelled[0] = true;
                      break;
                    }
                    List<Kline> chunk =
                        klines.subList(written, Math.min(klines.size(), written + CHUNK));
                    store.write(series, chunk, provenance(series, chunk, seed, labelsFile, now));
                    written += chunk.size();
                    done[0] += chunk.size();
                    progress.stored(done[0], total);
                  }
                  if (written > 0) {
                    stored.put(
                        symbol,
                        new SimulatedMarket.Span(
                            klines.getFirst().openTime(), klines.get(written - 1).openTime()));
                  }
                  return !cancelled[0];
                });
    List<AnomalyLabel> kept = labelsOf(labels, stored);
    try {
      SimulatedMarket.writeLabels(labelsFile, stored, kept);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write labels to " + labelsFile, e);
    }
    return new Collected(done[0], stored.size(), kept, cancelled[0]);
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
      List<AnomalyLabel> labels, Map<String, SimulatedMarket.Span> stored) {
    List<AnomalyLabel> out = new ArrayList<>();
    for (AnomalyLabel l : labels) {
      boolean stores =
          l.symbol().equals(AnomalyLabel.EVERY_SYMBOL)
              ? stored.values().stream().anyMatch(span -> covers(span, l))
              : stored.containsKey(l.symbol()) && covers(stored.get(l.symbol()), l);
      if (stores) {
        out.add(l);
      }
    }
    return out;
  }

  private static boolean covers(SimulatedMarket.Span span, AnomalyLabel l) {
    return l.start().toEpochMilli() <= span.last();
  }
}
