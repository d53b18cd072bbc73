package dev.cryptoanomaly.stream;

import dev.cryptoanomaly.UserException;
import dev.cryptoanomaly.config.Settings;
import dev.cryptoanomaly.online.AlertSink;
import dev.cryptoanomaly.online.WebhookAlertSink;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where announcements go, assembled once for every place that runs detection ({@code stream},
 * {@code worker}, {@code serve}'s resident worker and the dashboard's Live page): the caller's own
 * sink (the console, a job's log), the Redis alert stream when Redis is configured, the Kafka
 * alerts topic when Kafka is, and the webhook when one is set, rate-limited per symbol.
 */
public final class AlertSinks {
  /** Webhook posts per symbol per minute unless told otherwise. */
  public static final int DEFAULT_WEBHOOK_LIMIT = 6;

  private AlertSinks() {}

  /**
   * @param webhook a webhook URL that overrides the settings' (a flag), or empty
   * @param webhookLimit webhook posts per symbol per minute
   */
  public static List<AlertSink> of(
      Settings settings, AlertSink own, Optional<String> webhook, int webhookLimit) {
    List<AlertSink> sinks = new ArrayList<>();
    sinks.add(own);
    settings.redisUrl().ifPresent(url -> sinks.add(new RedisAlertStream(Redis.open(url))));
    if (settings.kafka().bootstrapServers().isPresent()) {
      sinks.add(new dev.cryptoanomaly.stream.kafka.KafkaAlertTopic(settings.kafka()));
    }
    Optional<String> url = webhook.or(settings::webhookUrl);
    if (url.isPresent()) {
      sinks.add(
          new WebhookAlertSink(
              webhookUri(url.get()), checkedLimit(webhookLimit), Duration.ofSeconds(1)));
    }
    return sinks;
  }

  public static void closeAll(List<AlertSink> sinks) {
    for (AlertSink s : sinks) {
      s.close();
    }
  }

  private static URI webhookUri(String webhook) {
    URI uri;
    try {
      uri = URI.create(webhook);
    } catch (IllegalArgumentException e) {
      throw new UserException("the webhook URL is not valid: '" + webhook + "'", e);
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      throw new UserException("the webhook URL must be http(s)://...; got '" + webhook + "'");
    }
    return uri;
  }

  private static int checkedLimit(int webhookLimit) {
    if (webhookLimit < 1) {
      throw new IllegalArgumentException("webhook limit must be at least 1, got " + webhookLimit);
    }
    return webhookLimit;
  }
}
