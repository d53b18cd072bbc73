package dev.cryptoanomaly.stream;

import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Kline;
import dev.cryptoanomaly.kline.Market;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.simulate.MarketSimulator;
import dev.cryptoanomaly.simulate.SimulatedMarket;
import dev.cryptoanomaly.store.Provenance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The seeded market simulator as a live feed of spot 1m candles, minute after minute at {@code
 * speed} times real time (0 = as fast as possible); its labelled anomalies are written beside, so
 * alerts can be checked against them.
 */
public final class SyntheticSource implements CandleSource {
  private final List<String> symbols;
  private final Instant start;
  private final int minutes;
  private final long seed;
  private final double speed;
  private final Path labels;

  public SyntheticSource(
      List<String> symbols, Instant start, int minutes, long seed, double speed, Path labels) {
    this.symbols = symbols;
    this.start = start;
    this.minutes = minutes;
    this.seed = seed;
    this.speed = speed;
    this.labels = labels;
  }

  @Override
  public void run(Sink sink) throws InterruptedException {
    SimulatedMarket market = new MarketSimulator(seed).simulate(symbols, start, minutes);
    if (labels != null) {
      try {
        market.writeLabels(labels);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the labels to " + labels, e);
      }
    }
    Pace pace = new Pace(speed);
    for (int minute = 0; minute < minutes; minute++) {
      pace.await(minute * 60_000L);
      for (String symbol : symbols) {
        List<Kline> series = market.klines().get(symbol);
        if (minute < series.size()) {
          sink.accept(new SeriesKey(Market.SPOT, symbol, Interval.M1), series.get(minute));
        }
      }
    }
  }

  @Override
  public Provenance.Kind storesAs() {
    return Provenance.Kind.SYNTHETIC;
  }

  @Override
  public String describe() {
    return "simulated market of " + symbols.size() + " symbols (seed " + seed + ")";
  }
}
