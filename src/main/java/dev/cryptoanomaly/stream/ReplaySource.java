package dev.cryptoanomaly.stream;

import dev.cryptoanomaly.kline.Kline;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.store.CandleStore;
import dev.cryptoanomaly.store.Provenance;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Replays stored candles of several series in open-time order, a day at a time, at {@code speed}
 * times real time (1 = as they happened, 0 = as fast as possible). The candles are in the store
 * already, so nothing is stored again.
 */
public final class ReplaySource implements CandleSource {
  private static final long CHUNK = 86_400_000L;

  private final CandleStore store;
  private final List<SeriesKey> series;
  private final long from;
  private final long to;
  private final double speed;

  public ReplaySource(CandleStore store, List<SeriesKey> series, long from, long to, double speed) {
    this.store = store;
    this.series = series;
    this.from = from;
    this.to = to;
    this.speed = speed;
  }

  @Override
  public void run(Sink sink) throws InterruptedException {
    Pace pace = new Pace(speed);
    for (long chunk = from; chunk < to; chunk += CHUNK) {
      long end = Math.min(to, chunk + CHUNK);
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
