package dev.cryptoanomaly.cli;

import dev.cryptoanomaly.UserException;
import dev.cryptoanomaly.config.Settings;
import dev.cryptoanomaly.stream.AlertSink;
import dev.cryptoanomaly.stream.ConsoleAlertSink;
import dev.cryptoanomaly.stream.Redis;
import dev.cryptoanomaly.stream.RedisAlertStream;
import dev.cryptoanomaly.stream.WebhookAlertSink;
import java.io.PrintWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** The alert sinks a worker announces to: the console, Redis (when used) and a webhook. */
final class WorkerSetup {
  private WorkerSetup() {}

  static List<AlertSink> sinks(
      Settings settings, String webhookOption, int webhookLimit, PrintWriter out, boolean json) {
    List<AlertSink> sinks = new ArrayList<>();
    sinks.add(new ConsoleAlertSink(out, json));
    settings.redisUrl().ifPresent(url -> sinks.add(new RedisAlertStream(Redis.open(url))));
    String webhook = webhookOption != null ? webhookOption : settings.webhookUrl().orElse(null);
    if (webhook != null) {
      URI uri;
      try {
        uri = URI.create(webhook);
      } catch (IllegalArgumentException e) {
        throw new UserException("the webhook URL is not valid: '" + webhook + "'", e);
      }
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
        throw new UserException("the webhook URL must be http(s)://...; got '" + webhook + "'");
      }
      if (webhookLimit < 1) {
        throw new UserException("--webhook-limit must be at least 1 alert per symbol per minute");
      }
      sinks.add(new WebhookAlertSink(uri, webhookLimit, java.time.Duration.ofSeconds(1)));
    }
    return sinks;
  }

  static void closeAll(List<AlertSink> sinks) {
    for (AlertSink s : sinks) {
      s.close();
    }
  }
}
