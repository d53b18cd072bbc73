package dev.cryptoanomaly.stream;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Counters of a worker and the latency from a candle's publication to its decision being stored, in
 * microseconds (an HDR histogram, so percentiles stay exact to 3 digits at any rate).
 */
public final class WorkerStats {
  public final LongAdder received = new LongAdder();

  /** Messages finished: stored and acknowledged (or skipped as malformed or without a model). */
  public final LongAdder handled = new LongAdder();

  public final LongAdder decided = new LongAdder();
  public final LongAdder caughtUp = new LongAdder();
  public final LongAdder duplicates = new LongAdder();
  public final LongAdder malformed = new LongAdder();
  public final LongAdder unscored = new LongAdder();
  public final LongAdder alerts = new LongAdder();
  public final LongAdder failures = new LongAdder();

  /**
   * Where the worker's time goes, in nanoseconds: reading, deciding, storing, announcing+acking.
   */
  final LongAdder readNanos = new LongAdder();

  final LongAdder decideNanos = new LongAdder();
  final LongAdder storeNanos = new LongAdder();
  final LongAdder ackNanos = new LongAdder();
  private final Recorder latency = new Recorder(3);
  private final Histogram total = new Histogram(3);

  void recordLatencyMicros(long micros) {
    latency.recordValue(Math.max(0, micros));
  }

  /** Latency percentiles (ms) and counters so far. */
  public synchronized Map<String, Object> snapshot() {
    total.add(latency.getIntervalHistogram());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("received", received.sum());
    out.put("handled", handled.sum());
    out.put("decided", decided.sum());
    out.put("caught_up", caughtUp.sum());
    out.put("duplicates", duplicates.sum());
    out.put("malformed", malformed.sum());
    out.put("unscored", unscored.sum());
    out.put("alerts", alerts.sum());
    out.put("failures", failures.sum());
    out.put("seconds_reading", readNanos.sum() / 1e9);
    out.put("seconds_deciding", decideNanos.sum() / 1e9);
    out.put("seconds_storing", storeNanos.sum() / 1e9);
    out.put("seconds_announcing_and_acking", ackNanos.sum() / 1e9);
    out.put("latency_samples", total.getTotalCount());
    out.put("latency_p50_ms", total.getValueAtPercentile(50) / 1000.0);
    out.put("latency_p99_ms", total.getValueAtPercentile(99) / 1000.0);
    out.put("latency_max_ms", total.getMaxValue() / 1000.0);
    return out;
  }

  /** Forgets the latencies and stage times recorded so far (e.g. after a warm-up). */
  public synchronized void resetTimings() {
    latency.getIntervalHistogram();
    total.reset();
    readNanos.reset();
    decideNanos.reset();
    storeNanos.reset();
    ackNanos.reset();
  }
}
