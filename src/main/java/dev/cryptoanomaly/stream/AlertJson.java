package dev.cryptoanomaly.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON form of an announcement, shared by the webhook, the Redis stream and the CLI. */
public final class AlertJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private AlertJson() {}

  public static Map<String, Object> fields(AlertEvent e) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("kind", e.kind());
    o.put("market", e.series().market().cliName());
    o.put("symbol", e.series().symbol());
    o.put("interval", e.series().interval().apiName());
    o.put("model", e.model() + "@" + e.version());
    o.put("severity", e.severity());
    o.put("open_time", Instant.ofEpochMilli(e.peak()).toString());
    o.put("first_hit", Instant.ofEpochMilli(e.firstHit()).toString());
    o.put("last_hit", Instant.ofEpochMilli(e.lastHit()).toString());
    o.put("hits", e.hits());
    o.put("score", e.score());
    o.put("probability", e.probability());
    o.put("detected_at", Instant.ofEpochMilli(e.detectedAtMillis()).toString());
    try {
      JsonNode explanation = JSON.readTree(e.explanationJson());
      o.put("explanation", explanation);
    } catch (JsonProcessingException ex) {
      o.put("explanation", e.explanationJson());
    }
    return o;
  }

  public static String toJson(AlertEvent e) {
    try {
      return JSON.writeValueAsString(fields(e));
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException("cannot write an alert as JSON", ex);
    }
  }
}
