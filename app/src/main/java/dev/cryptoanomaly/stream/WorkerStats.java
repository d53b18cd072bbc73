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

  /**
   * The counters and latency so far, as one value: for the CLI's summary, the Live page's job
   * result and the benchmark (through {@link #toMap()}, snake_case keys).
   */
  public record Snapshot(
      long received,
      long handled,
      long decided,
      long caughtUp,
      long duplicates,
      long malformed,
      long unscored,
      long alerts,
      long failures,
      double secondsReading,
      double secondsDeciding,
      double secondsStoring,
      double secondsAnnouncingAndAcking,
      long latencySamples,
      double latencyP50Ms,
      double latencyP99Ms,
      double latencyMaxMs) {
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .setPropertyNamingStrategy(
                com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE);

    /** The fields by snake_case name, in declaration order (for JSON results). */
    public Map<String, Object> toMap() {
      return JSON.convertValue(
          this,
          new com.fasterxml.jackson.core.type.TypeReference<LinkedHashMap<String, Object>>() {});
    }
  }

  /** Latency percentiles (ms) and counters so far. */
  public synchronized Snapshot snapshot() {
    total.add(latency.getIntervalHistogram());
    return new Snapshot(
        received.sum(),
        handled.sum(),
        decided.sum(),
        caughtUp.sum(),
        duplicates.sum(),
        malformed.sum(),
        unscored.sum(),
        alerts.sum(),
        failures.sum(),
        readNanos.sum() / 1e9,
        decideNanos.sum() / 1e9,
        storeNanos.sum() / 1e9,
        ackNanos.sum() / 1e9,
        total.getTotalCount(),
        total.getValueAtPercentile(50) / 1000.0,
        total.getValueAtPercentile(99) / 1000.0,
        total.getMaxValue() / 1000.0);
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
