package dev.cryptoanomaly.online;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.cryptoanomaly.Numbers;
import dev.cryptoanomaly.alert.AlertIds;
import dev.cryptoanomaly.alert.Severity;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.model.ModelRef;
import dev.cryptoanomaly.store.StoredAnomaly;

/**
 * The one JSON shape of an alert, whether announced (the webhook, the Redis stream, {@code stream
 * --json}) or stored ({@code alerts --json}, {@code detect --json}): an announcement adds only its
 * {@code kind}. Times are ISO-8601 to the second.
 *
 * @param kind "opened" or "escalated" for an announcement; absent for a stored alert
 * @param id what {@code alerts triage} takes
 * @param openTime the peak candle, where the alert is reported
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AlertJson(
    String kind,
    String id,
    String market,
    String symbol,
    String interval,
    String model,
    Severity severity,
    String openTime,
    String firstHit,
    String lastHit,
    int hits,
    double score,
    double probability,
    String detectedAt,
    JsonNode explanation) {
  private static final ObjectMapper JSON =
      new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

  public static AlertJson of(AlertEvent e) {
    return new AlertJson(
        e.kind(),
        AlertIds.alert(e.series(), e.model(), e.version(), e.firstHit()),
        e.series().market().cliName(),
        e.series().symbol(),
        e.series().interval().apiName(),
        ModelRef.of(e.model(), e.version()).toString(),
        e.severity(),
        Numbers.instant(e.peak()),
        Numbers.instant(e.firstHit()),
        Numbers.instant(e.lastHit()),
        e.hits(),
        e.score(),
        e.probability(),
        Numbers.instant(e.detectedAtMillis()),
        explanation(e.explanationJson()));
  }

  public static AlertJson of(SeriesKey series, StoredAnomaly a) {
    return new AlertJson(
        null,
        AlertIds.alert(series, a.model(), a.modelVersion(), a.firstHit()),
        series.market().cliName(),
        series.symbol(),
        series.interval().apiName(),
        ModelRef.of(a.model(), a.modelVersion()).toString(),
        a.severity(),
        Numbers.instant(a.openTime()),
        Numbers.instant(a.firstHit()),
        Numbers.instant(a.lastHit()),
        a.hits(),
        a.score(),
        a.probability(),
        Numbers.instant(a.detectedAt()),
        explanation(a.explanationJson()));
  }

  public static String toJson(AlertEvent e) {
    return of(e).toJson();
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException("cannot write an alert as JSON", ex);
    }
  }

  /** Reads what {@link #toJson()} wrote (the Redis alert stream's entries). */
  public static AlertJson read(String json) {
    try {
      return JSON.readValue(json, AlertJson.class);
    } catch (JsonProcessingException ex) {
      throw new IllegalArgumentException("not an alert: " + ex.getOriginalMessage(), ex);
    }
  }

  private static JsonNode explanation(String json) {
    try {
      return JSON.readTree(json == null ? "null" : json);
    } catch (JsonProcessingException ex) {
      return JSON.getNodeFactory().textNode(json);
    }
  }
}
