package dev.cryptoanomaly.flink;

import dev.cryptoanomaly.config.Settings;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * What every operator of the job needs, sent with the job to wherever its tasks run: the settings
 * by name (the store, the registry, Kafka), the model reference and how often decisions are
 * written.
 *
 * @param values the settings by their names ({@link Settings#toValues})
 * @param workingDir where relative paths in them resolve
 * @param model the model reference, {@code NAME@champion} or {@code NAME@VERSION}
 * @param refreshMillis how often the registry is asked for the champion
 * @param flushMillis longest time decisions wait before they are written
 * @param flushDecisions most decisions held before they are written
 * @param backfillFrom the first open time a backfill decides, every series starting afresh there;
 *     {@link Long#MIN_VALUE} for the live job (a series continues from its last stored decision)
 * @param backfillTo the end (exclusive) of a backfill's period
 * @param referenceWaitIntervals how many intervals after it closed a candle of a market-relative
 *     model waits for the reference's candle of its open time (in event time) before it is decided
 *     without it
 */
public record JobSettings(
    Map<String, String> values,
    String workingDir,
    String model,
    long refreshMillis,
    long flushMillis,
    int flushDecisions,
    long backfillFrom,
    long backfillTo,
    int referenceWaitIntervals)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  public JobSettings {
    values = new HashMap<>(values);
  }

  /**
   * Defaults: the champion checked every 30 s, decisions written every 10 ms or 2,000, a candle
   * waiting for the reference at most {@value #REFERENCE_WAIT_INTERVALS} intervals.
   */
  public static JobSettings of(Map<String, String> values, Path workingDir, String model) {
    return new JobSettings(
        values,
        workingDir.toString(),
        model,
        Duration.ofSeconds(30).toMillis(),
        10,
        2_000,
        Long.MIN_VALUE,
        Long.MIN_VALUE,
        REFERENCE_WAIT_INTERVALS);
  }

  /**
   * Intervals a candle waits for the reference by default: a reference candle later than that is
   * treated as missing, as a gap of the reference is in batch.
   */
  public static final int REFERENCE_WAIT_INTERVALS = 2;

  /** The same settings for a backfill of [{@code from}, {@code to}). */
  public JobSettings backfilling(long from, long to) {
    return new JobSettings(
        values,
        workingDir,
        model,
        refreshMillis,
        flushMillis,
        10_000,
        from,
        to,
        referenceWaitIntervals);
  }

  /** The same settings with the champion asked for every {@code millis}. */
  public JobSettings refreshingEvery(long millis) {
    return new JobSettings(
        values,
        workingDir,
        model,
        millis,
        flushMillis,
        flushDecisions,
        backfillFrom,
        backfillTo,
        referenceWaitIntervals);
  }

  public boolean backfill() {
    return backfillFrom != Long.MIN_VALUE;
  }

  public Settings settings() {
    return Settings.fromMap(values, Path.of(workingDir));
  }
}
