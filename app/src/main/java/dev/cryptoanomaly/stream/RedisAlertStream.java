package dev.cryptoanomaly.stream;

import dev.cryptoanomaly.online.AlertEvent;
import dev.cryptoanomaly.online.AlertJson;
import dev.cryptoanomaly.online.AlertSink;
import java.util.List;
import redis.clients.jedis.RedisClient;

/**
 * Announces alerts on the Redis stream {@link #KEY}, each at most once: a Lua script records the
 * announcement's key and appends to the stream in one atomic step, so a redelivered candle cannot
 * announce twice.
 */
public final class RedisAlertStream implements AlertSink {
  public static final String KEY = Redis.PREFIX + "alerts";
  static final long MAX_LENGTH = 100_000;
  private static final long REMEMBER_SECONDS = 30L * 86_400;
  private static final String ANNOUNCE_ONCE =
      "if redis.call('set', KEYS[1], '1', 'NX', 'EX', ARGV[1]) then"
          + " return redis.call('xadd', KEYS[2], 'MAXLEN', '~', ARGV[2], '*', 'alert', ARGV[3])"
          + " else return false end";

  private static final String ANNOUNCE_INCIDENT_ONCE =
      ANNOUNCE_ONCE.replace("'alert'", "'incident'");

  /** The entry field an incident announcement's JSON is under (alerts are under "alert"). */
  public static final String INCIDENT_FIELD = "incident";

  private final RedisClient redis;

  public RedisAlertStream(RedisClient redis) {
    this.redis = redis;
  }

  @Override
  public void publish(List<AlertEvent> events) {
    for (AlertEvent e : events) {
      String json = AlertJson.toJson(e);
      Redis.retrying(
          "announcing an alert",
          () ->
              redis.eval(
                  ANNOUNCE_ONCE,
                  List.of(Redis.PREFIX + "announced:" + e.key(), KEY),
                  List.of(Long.toString(REMEMBER_SECONDS), Long.toString(MAX_LENGTH), json)));
    }
  }

  /** Incidents go on the same stream, with {@code kind} "incident" in their JSON. */
  @Override
  public void publishIncidents(List<dev.cryptoanomaly.alert.Incident> incidents) {
    for (var i : incidents) {
      String json = dev.cryptoanomaly.alert.IncidentJson.of(i, null, "incident").toJson();
      Redis.retrying(
          "announcing an incident",
          () ->
              redis.eval(
                  ANNOUNCE_INCIDENT_ONCE,
                  List.of(Redis.PREFIX + "announced:incident:" + i.id(), KEY),
                  List.of(Long.toString(REMEMBER_SECONDS), Long.toString(MAX_LENGTH), json)));
    }
  }
}
