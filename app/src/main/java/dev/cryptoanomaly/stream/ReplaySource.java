package dev.cryptoanomaly.stream;

import dev.cryptoanomaly.kline.Kline;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.store.CandleStore;
import dev.cryptoanomaly.store.Provenance;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Replays stored candles of several series in open-time order, a slice of time at a time, at {@code
 * speed} times real time (1 = as they happened, 0 = as fast as possible). The candles are in the
 * store already, so nothing is stored again. A slice is a day, shortened so that it holds at most
 * {@link #SLICE_CANDLES} candles of all series together: replaying the whole market holds a few
 * minutes of it in memory, not a day of a thousand series.
 */
public final class ReplaySource implements CandleSource {
  private static final long DAY = 86_400_000L;

  /** Candles of all series read ahead at most (about 15 MB of candles). */
  static final int SLICE_CANDLES = 100_000;

  private final CandleStore store;
  private final List<SeriesKey> series;
  private final long from;
  private final long to;
  private final double speed;
  private final int sliceCandles;

  public ReplaySource(CandleStore store, List<SeriesKey> series, long from, long to, double speed) {
    this(store, series, from, to, speed, SLICE_CANDLES);
  }

  /** With slices of at most {@code sliceCandles}: small ones are for tests. */
  ReplaySource(
      CandleStore store,
      List<SeriesKey> series,
      long from,
      long to,
      double speed,
      int sliceCandles) {
    this.store = store;
    this.series = series;
    this.from = from;
    this.to = to;
    this.speed = speed;
    this.sliceCandles = sliceCandles;
  }

  @Override
  public void run(Sink sink) throws InterruptedException {
    Pace pace = new Pace(speed);
    long slice = slice(series, sliceCandles);
    for (long chunk = from; chunk < to; chunk += slice) {
      long end = Math.min(to, chunk + slice);
      TreeMap<Long, List<Timed>> byTime = new TreeMap<>();
      for (SeriesKey s : series) {
        for (Kline k : store.read(s, chunk, end)) {
          byTime.computeIfAbsent(k.openTime(), t -> new ArrayList<>()).add(new Timed(s, k));
        }
      }
      for (var step : byTime.entrySet()) {
        pace.await(step.getKey() - from);
        for (Timed e : step.getValue()) {
          sink.accept(e.series(), e.kline());
        }
      }
    }
  }

  /** A day, or fewer whole intervals when a day of every series exceeds {@code sliceCandles}. */
  static long slice(List<SeriesKey> series, int sliceCandles) {
    long interval = series.stream().mapToLong(k -> k.interval().millis()).min().orElse(DAY);
    long perSeries = Math.max(1, sliceCandles / Math.max(1, series.size()));
    return Math.min(DAY, Math.max(interval, perSeries * interval));
  }

  private record Timed(SeriesKey series, Kline kline) {}

  @Override
  public Provenance.Kind storesAs() {
    return null;
  }

  @Override
  public String describe() {
    return "replay of " + series.size() + " series";
  }
}
