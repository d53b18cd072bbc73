package dev.cryptoanomaly.online;

import dev.cryptoanomaly.kline.Kline;
import dev.cryptoanomaly.kline.SeriesKey;
import java.time.Clock;
import java.time.Instant;

/**
 * A closed candle on the bus. The candle is already in the store when its event is published, so
 * the store, not the bus, is the record of what happened: a worker that finds a gap catches up from
 * it.
 *
 * @param publishedMicros epoch microseconds when the event was published, for latency
 */
public record CandleEvent(SeriesKey series, Kline kline, long publishedMicros) {

  /** Epoch microseconds of a clock. */
  public static long micros(Clock clock) {
    Instant now = clock.instant();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }
}
