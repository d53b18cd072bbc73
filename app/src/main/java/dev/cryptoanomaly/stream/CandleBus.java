package dev.cryptoanomaly.stream;

import dev.cryptoanomaly.online.CandleEvent;
import java.time.Duration;
import java.util.List;

/**
 * Carries closed candles from sources to workers: Redis Streams with a consumer group when {@code
 * REDIS_URL} is set, an in-process queue otherwise.
 */
public interface CandleBus extends AutoCloseable {

  /** Publishes events in order; returns once the bus holds them. */
  void publish(List<CandleEvent> events);

  /** Joins the workers under a unique consumer name. */
  Subscription subscribe(String consumer);

  /** For messages: the Redis host and port, or "in-process". */
  String describe();

  @Override
  void close();

  /** A worker's view of the bus. */
  interface Subscription extends AutoCloseable {
    /**
     * The next events (in publish order per series), waiting at most {@code maxWait}; empty when
     * none came.
     */
    List<Delivery> poll(int max, Duration maxWait) throws InterruptedException;

    /** Marks events done: only after their results are stored. */
    void ack(List<Delivery> done);

    /**
     * After a failure before {@link #ack}: hands out this consumer's unacknowledged events again,
     * first, on the next polls.
     */
    void recover();

    @Override
    void close();
  }
}
