package dev.cryptoanomaly.online;

import dev.cryptoanomaly.Messages;
import dev.failsafe.Failsafe;
import dev.failsafe.RateLimiter;
import dev.failsafe.RetryPolicy;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs each announcement as JSON to a webhook, off the worker's path: retried with backoff on
 * connection errors, 429 and 5xx; limited per symbol (a burst of alerts on one symbol cannot flood
 * the receiver; what is over the limit is counted and logged, and stays in the store and on the
 * Redis stream).
 */
public final class WebhookAlertSink implements AlertSink {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookAlertSink.class);

  private final URI url;
  private final HttpClient http;
  private final int perSymbolPerMinute;
  private final Duration firstRetry;
  private final Map<String, RateLimiter<Object>> limiters = new ConcurrentHashMap<>();
  private final ThreadPoolExecutor sender =
      new ThreadPoolExecutor(
          1,
          1,
          0,
          TimeUnit.SECONDS,
          new ArrayBlockingQueue<>(10_000),
          Thread.ofVirtual().factory());

  /** Posted, limited, and failed after retries. */
  public final LongAdder sent = new LongAdder();

  public final LongAdder limited = new LongAdder();
  public final LongAdder failed = new LongAdder();

  public WebhookAlertSink(URI url, int perSymbolPerMinute, Duration firstRetry) {
    this.url = url;
    this.perSymbolPerMinute = perSymbolPerMinute;
    this.firstRetry = firstRetry;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  public WebhookAlertSink(URI url) {
    this(url, 6, Duration.ofSeconds(1));
  }

  @Override
  public void publish(List<AlertEvent> events) {
    for (AlertEvent e : events) {
      RateLimiter<Object> limiter =
          limiters.computeIfAbsent(
              e.series().symbol(),
              s -> RateLimiter.burstyBuilder(perSymbolPerMinute, Duration.ofMinutes(1)).build());
      if (!limiter.tryAcquirePermit()) {
        limited.increment();
        LOG.warn(
            "webhook: {} alerts per minute reached for {}; not posting {}",
            perSymbolPerMinute,
            e.series().symbol(),
            e.key());
        continue;
      }
      String body = AlertJson.toJson(e);
      try {
        sender.execute(() -> post(e.key(), body));
      } catch (java.util.concurrent.RejectedExecutionException full) {
        failed.increment();
        LOG.warn("webhook: queue full, not posting {}", e.key());
      }
    }
  }

  /** Each incident posted once, as {@code IncidentJson} with {@code kind} "incident". */
  @Override
  public void publishIncidents(List<dev.cryptoanomaly.alert.Incident> incidents) {
    for (var i : incidents) {
      publishIncident(
          IncidentAnnouncements.key(i),
          dev.cryptoanomaly.alert.IncidentJson.of(i, null, "incident").toJson());
    }
  }

  /** An incident already as its announcement key and JSON (what the Flink job's records carry). */
  public void publishIncident(String key, String json) {
    try {
      sender.execute(() -> post(key, json));
    } catch (java.util.concurrent.RejectedExecutionException full) {
      failed.increment();
      LOG.warn("webhook: queue full, not posting {}", key);
    }
  }

  private void post(String key, String body) {
    RetryPolicy<HttpResponse<String>> retry =
        RetryPolicy.<HttpResponse<String>>builder()
            .handle(IOException.class)
            .handleResultIf(r -> r.statusCode() == 429 || r.statusCode() >= 500)
            .withBackoff(firstRetry, firstRetry.multipliedBy(30))
            .withMaxRetries(4)
            .build();
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .build();
    try {
      HttpResponse<String> r =
          Failsafe.with(retry).get(() -> http.send(request, HttpResponse.BodyHandlers.ofString()));
      if (r.statusCode() / 100 == 2) {
        sent.increment();
      } else {
        failed.increment();
        LOG.warn(
            "webhook {} answered {} for {}",
            dev.cryptoanomaly.config.Redaction.url(url),
            r.statusCode(),
            key);
      }
    } catch (RuntimeException ex) {
      failed.increment();
      LOG.warn(
          "webhook {} failed for {}: {}",
          dev.cryptoanomaly.config.Redaction.url(url),
          key,
          Messages.oneLine(Messages.rootMessage(ex)));
    }
  }

  @Override
  public void close() {
    sender.shutdown();
    try {
      if (!sender.awaitTermination(30, TimeUnit.SECONDS)) {
        sender.shutdownNow();
      }
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      sender.shutdownNow();
    }
  }
}
