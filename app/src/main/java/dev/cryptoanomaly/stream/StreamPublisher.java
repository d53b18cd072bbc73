package dev.cryptoanomaly.stream;

import dev.cryptoanomaly.kline.Kline;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.online.CandleEvent;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.store.Provenance;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Takes a source's closed candles, stores them (unless they come from the store), then publishes
 * them on the bus, in batches of up to {@code maxBatch} or every {@code maxDelay}: storing first
 * makes the store the record a worker can always catch up from.
 */
public final class StreamPublisher implements CandleSource.Sink, AutoCloseable {
  private final CandleBus bus;
  private final KlineStore store;
  private final Provenance.Kind storesAs;
  private final Clock clock;
  private final int maxBatch;
  private final List<Map.Entry<SeriesKey, Kline>> buffer = new ArrayList<>();
  private final ScheduledExecutorService timer;

  /** Candles published so far. */
  public final LongAdder published = new LongAdder();

  public StreamPublisher(
      CandleBus bus,
      KlineStore store,
      Provenance.Kind storesAs,
      Clock clock,
      int maxBatch,
      Duration maxDelay) {
    this.bus = bus;
    this.store = store;
    this.storesAs = storesAs;
    this.clock = clock;
    this.maxBatch = maxBatch;
    this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().factory());
    long delay = Math.max(1, maxDelay.toMillis());
    timer.scheduleWithFixedDelay(this::flush, delay, delay, TimeUnit.MILLISECONDS);
  }

  @Override
  public void accept(SeriesKey series, Kline closed) {
    boolean full;
    synchronized (this) {
      buffer.add(Map.entry(series, closed));
      full = buffer.size() >= maxBatch;
    }
    if (full) {
      flush();
    }
  }

  /** Stores and publishes what is buffered. */
  public synchronized void flush() {
    if (buffer.isEmpty()) {
      return;
    }
    if (storesAs != null) {
      Map<SeriesKey, List<Kline>> bySeries = new LinkedHashMap<>();
      for (var e : buffer) {
        bySeries.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
      }
      bySeries.forEach((series, klines) -> store.write(series, klines, provenance(series, klines)));
    }
    long now = CandleEvent.micros(clock);
    List<CandleEvent> events = new ArrayList<>(buffer.size());
    for (var e : buffer) {
      events.add(new CandleEvent(e.getKey(), e.getValue(), now));
    }
    bus.publish(events);
    published.add(events.size());
    buffer.clear();
  }

  /** One ledger entry per series and UTC day of streamed candles, updated by each write. */
  private Provenance provenance(SeriesKey series, List<Kline> klines) {
    long first = klines.get(0).openTime();
    long last = klines.get(klines.size() - 1).openTime();
    String day = Instant.ofEpochMilli(first).atZone(ZoneOffset.UTC).toLocalDate().toString();
    String prefix = storesAs == Provenance.Kind.WEBSOCKET ? "websocket:" : "synthetic-stream:";
    return new Provenance(
        prefix
            + series.market().cliName()
            + ":"
            + series.symbol()
            + ":"
            + series.interval().apiName()
            + ":"
            + day,
        storesAs,
        series,
        first,
        series.interval().next(last),
        Provenance.Status.OK,
        null,
        klines.size(),
        0,
        0,
        "latest write of streamed closed candles",
        clock.millis());
  }

  @Override
  public void close() {
    timer.shutdown();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    flush();
  }
}
