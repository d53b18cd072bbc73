package dev.cryptoanomaly.binance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Kline;

/**
 * Reads frames of Binance's kline streams, raw ({@code /ws}) or combined ({@code /stream}, wrapped
 * as {@code {"stream":..., "data":...}}): kline events, the {@code serverShutdown} warning and
 * answers to SUBSCRIBE. Prices come as strings; times in ms (or µs, normalised).
 */
public final class KlineStreamFrames {
  private static final ObjectMapper JSON = new ObjectMapper();

  private KlineStreamFrames() {}

  /** What a frame said. */
  public sealed interface Frame permits KlineUpdate, ServerShutdown, Reply {}

  /** A kline update; only {@code closed} ones are final. */
  public record KlineUpdate(String symbol, Interval interval, Kline kline, boolean closed)
      implements Frame {}

  /** The server will restart soon: reconnect now. */
  public record ServerShutdown() implements Frame {}

  /** An answer to a SUBSCRIBE or other request. */
  public record Reply(String text) implements Frame {}

  /**
   * Parses one text frame.
   *
   * @throws IllegalArgumentException saying what is wrong, for frames that are not valid kline
   *     stream messages
   */
  public static Frame parse(String text) {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    if (root.has("id") && (root.has("result") || root.has("error"))) {
      return new Reply(text);
    }
    JsonNode data = root.has("data") ? root.get("data") : root;
    String event = data.path("e").asText("");
    if ("serverShutdown".equals(event)
        || root.path("stream").asText("").equals("!serverShutdown")) {
      return new ServerShutdown();
    }
    if (!"kline".equals(event)) {
      throw new IllegalArgumentException("unexpected event '" + event + "'");
    }
    JsonNode k = data.get("k");
    if (k == null || !k.isObject()) {
      throw new IllegalArgumentException("kline event without k");
    }
    Interval interval = Interval.parse(text(k, "i"));
    long open = Timestamps.toMillis(number(k, "t"));
    Kline kline =
        new Kline(
            open,
            decimal(k, "o"),
            decimal(k, "h"),
            decimal(k, "l"),
            decimal(k, "c"),
            decimal(k, "v"),
            Timestamps.toMillis(number(k, "T")),
            decimal(k, "q"),
            number(k, "n"),
            decimal(k, "V"),
            decimal(k, "Q"));
    if (!k.path("x").isBoolean()) {
      throw new IllegalArgumentException("kline without the closed flag x");
    }
    return new KlineUpdate(text(k, "s"), interval, kline, k.get("x").asBoolean());
  }

  private static String text(JsonNode k, String field) {
    JsonNode v = k.get(field);
    if (v == null || !v.isTextual() || v.asText().isEmpty()) {
      throw new IllegalArgumentException("kline field " + field + " missing");
    }
    return v.asText();
  }

  private static long number(JsonNode k, String field) {
    JsonNode v = k.get(field);
    if (v == null || !v.canConvertToLong()) {
      throw new IllegalArgumentException("kline field " + field + " is not an integer");
    }
    return v.asLong();
  }

  private static double decimal(JsonNode k, String field) {
    JsonNode v = k.get(field);
    if (v == null) {
      throw new IllegalArgumentException("kline field " + field + " missing");
    }
    try {
      double d = Double.parseDouble(v.asText());
      if (!Double.isFinite(d)) {
        throw new NumberFormatException();
      }
      return d;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("kline field " + field + " is not a number: " + v);
    }
  }
}
