package dev.cryptoanomaly.online;

import dev.cryptoanomaly.alert.Severity;
import dev.cryptoanomaly.kline.SeriesKey;

/**
 * An alert as announced while it happens: when a group opens, and again when it escalates to a
 * higher severity. Announcements are idempotent on {@link #key()}, so a redelivered candle never
 * announces twice.
 *
 * @param kind "opened" or "escalated"
 */
public record AlertEvent(
    SeriesKey series,
    String model,
    int version,
    String kind,
    long firstHit,
    long peak,
    long lastHit,
    int hits,
    double score,
    double probability,
    Severity severity,
    String explanationJson,
    long detectedAtMillis) {

  public static final String OPENED = "opened";
  public static final String ESCALATED = "escalated";

  /** Identity of the announcement: series, model version, alert (first hit) and severity. */
  public String key() {
    return series.market().cliName()
        + ":"
        + series.symbol()
        + ":"
        + series.interval().apiName()
        + ":"
        + model
        + ":"
        + version
        + ":"
        + firstHit
        + ":"
        + severity.id();
  }
}
