package dev.cryptoanomaly.web;

import dev.cryptoanomaly.Messages;
import dev.cryptoanomaly.config.Settings;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.stream.Redis;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import redis.clients.jedis.RedisClient;

/**
 * Whether the store, Redis and the tracking server answer, checked quickly (two seconds at most
 * each) so that the overview stays responsive when one of them is down.
 */
final class Health {
  /** One dependency: ok or not, and what a person should know about it. */
  record Check(String name, boolean ok, String detail) {}

  private static final Duration TIMEOUT = Duration.ofSeconds(2);
  private final Settings settings;
  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(TIMEOUT)
          .followRedirects(HttpClient.Redirect.NORMAL)
          .build();

  Health(Settings settings) {
    this.settings = settings;
  }

  List<Check> all(Supplier<KlineStore> store) {
    List<Check> out = new ArrayList<>();
    out.add(store(store));
    out.add(redis());
    out.add(tracking());
    return out;
  }

  Check store(Supplier<KlineStore> store) {
    try {
      KlineStore s = store.get();
      return new Check("store", true, s.describe() + ", " + s.series().size() + " series");
    } catch (RuntimeException e) {
      return new Check("store", false, "unavailable: " + Messages.oneLine(e.getMessage()));
    }
  }

  Check redis() {
    if (settings.redisUrl().isEmpty()) {
      return new Check(
          "redis", true, "not configured (REDIS_URL unset): detection runs in this process");
    }
    try (RedisClient client = Redis.open(settings.redisUrl().get())) {
      return new Check(
          "redis", true, "answers at " + Redis.describe(URI.create(settings.redisUrl().get())));
    } catch (RuntimeException e) {
      return new Check("redis", false, Messages.oneLine(e.getMessage()));
    }
  }

  Check tracking() {
    if (settings.mlflowTrackingUri().isEmpty()) {
      return new Check(
          "tracking",
          true,
          "local registry in "
              + settings.home().resolve("models")
              + " (MLFLOW_TRACKING_URI unset)");
    }
    String raw = settings.mlflowTrackingUri().get().strip().replaceAll("/+$", "");
    String base = dev.cryptoanomaly.config.Redaction.url(raw);
    try {
      HttpResponse<Void> r =
          http.send(
              HttpRequest.newBuilder(
                      dev.cryptoanomaly.config.Redaction.withoutUserInfo(
                          URI.create(raw + "/health")))
                  .timeout(TIMEOUT)
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      return r.statusCode() == 200
          ? new Check("tracking", true, "MLflow answers at " + base)
          : new Check("tracking", false, "MLflow at " + base + " answered HTTP " + r.statusCode());
    } catch (java.io.IOException | IllegalArgumentException e) {
      return new Check(
          "tracking", false, "cannot reach MLflow at " + base + " (MLFLOW_TRACKING_URI)");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Check("tracking", false, "interrupted");
    }
  }
}
