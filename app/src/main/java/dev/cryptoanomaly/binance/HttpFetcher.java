package dev.cryptoanomaly.binance;

import dev.cryptoanomaly.UserException;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * HTTP GET with retries: connection failures, timeouts, resets, 5xx, 408 and 429 are retried with
 * exponential backoff (honouring {@code Retry-After}); any other status, 404 included, is returned
 * to the caller, who decides what it means.
 */
public final class HttpFetcher {
  private final HttpClient client;
  private final RetrySettings settings;
  private final Duration requestTimeout;
  private volatile java.util.function.Consumer<String> retryListener = message -> {};

  /** Backoff and attempt limits, so tests can retry fast. */
  public record RetrySettings(
      int maxRetries, Duration firstDelay, Duration maxDelay, Duration maxTotal) {
    /** Five attempts, each at most the request timeout, all within two minutes of the first. */
    public static final RetrySettings DEFAULT =
        new RetrySettings(4, Duration.ofMillis(500), Duration.ofSeconds(8), Duration.ofMinutes(2));

    public RetrySettings(int maxRetries, Duration firstDelay, Duration maxDelay) {
      this(maxRetries, firstDelay, maxDelay, Duration.ofMinutes(2));
    }
  }

  /** The request timeout the archive and REST clients use: a server silent this long is retried. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

  public HttpFetcher(RetrySettings settings, Duration requestTimeout) {
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    this.requestTimeout = requestTimeout;
    this.settings = settings;
  }

  public HttpFetcher() {
    this(RetrySettings.DEFAULT, DEFAULT_REQUEST_TIMEOUT);
  }

  /** Who hears of each retry (the collector's progress); replaces the previous listener. */
  public void onRetry(java.util.function.Consumer<String> listener) {
    this.retryListener = listener == null ? message -> {} : listener;
  }

  /** Built per request so that each retry notice names what is being waited for. */
  private RetryPolicy<HttpResponse<?>> retryPolicy(URI uri) {
    return RetryPolicy.<HttpResponse<?>>builder()
        .handle(IOException.class)
        .abortOn(java.io.InterruptedIOException.class)
        .handleResultIf(r -> isTransient(r.statusCode()))
        .withBackoff(settings.firstDelay(), settings.maxDelay())
        .withDelayFn(ctx -> retryAfter(ctx.getLastResult()).orElse(Duration.ofMillis(-1)))
        .withMaxRetries(settings.maxRetries())
        .withMaxDuration(settings.maxTotal())
        .onRetry(
            e -> {
              // A refused connection fails within seconds anyway; a silent or failing server is
              // what makes a run wait, so only that is announced.
              if (e.getLastException() == null
                  || e.getLastException() instanceof java.net.http.HttpTimeoutException) {
                retryListener.accept(
                    dev.cryptoanomaly.config.Redaction.url(uri)
                        + ": "
                        + (e.getLastException() != null
                            ? "no answer within " + requestTimeout.toSeconds() + " s"
                            : "HTTP " + e.getLastResult().statusCode())
                        + "; retrying (attempt "
                        + (e.getAttemptCount() + 1)
                        + " of "
                        + (settings.maxRetries() + 1)
                        + ", at most "
                        + settings.maxTotal().toSeconds()
                        + " s in all)");
              }
            })
        .build();
  }

  static boolean isTransient(int status) {
    return status >= 500 || status == 408 || status == 429;
  }

  private static Optional<Duration> retryAfter(HttpResponse<?> response) {
    if (response == null || response.statusCode() != 429) {
      return Optional.empty();
    }
    return response
        .headers()
        .firstValue("Retry-After")
        .flatMap(
            v -> {
              try {
                return Optional.of(Duration.ofSeconds(Math.min(60, Long.parseLong(v.strip()))));
              } catch (NumberFormatException e) {
                return Optional.empty();
              }
            });
  }

  /** GETs a text resource; the status tells the caller what happened. */
  public HttpResponse<String> getString(URI uri) {
    return send(uri, HttpResponse.BodyHandlers.ofString());
  }

  /** GETs into {@code target}; the body is written only for status 200. */
  public HttpResponse<Path> getFile(URI uri, Path target) {
    return send(
        uri,
        info ->
            info.statusCode() == 200
                ? HttpResponse.BodySubscribers.ofFile(target)
                : HttpResponse.BodySubscribers.replacing(target));
  }

  private <T> HttpResponse<T> send(URI uri, HttpResponse.BodyHandler<T> handler) {
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(requestTimeout)
            .header("User-Agent", "crypto-anomaly")
            .GET()
            .build();
    HttpResponse<T> response;
    try {
      response =
          Failsafe.with(retryPolicy(uri))
              .get(
                  () -> {
                    try {
                      return client.send(request, handler);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                      throw new java.io.InterruptedIOException("interrupted");
                    }
                  });
    } catch (FailsafeException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new UnreachableException(
          "cannot reach "
              + hostOf(uri)
              + " ("
              + summary(cause)
              + ") while fetching "
              + dev.cryptoanomaly.config.Redaction.url(uri),
          e);
    }
    if (isTransient(response.statusCode())) {
      throw new UnreachableException(
          dev.cryptoanomaly.config.Redaction.url(uri)
              + " answered HTTP "
              + response.statusCode()
              + " after repeated attempts",
          null);
    }
    return response;
  }

  private static String hostOf(URI uri) {
    return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
  }

  private static String summary(Throwable t) {
    return dev.cryptoanomaly.Messages.networkFailure(t);
  }

  /** The server could not be reached, or kept failing: a user-facing condition. */
  public static final class UnreachableException extends UserException {
    private static final long serialVersionUID = 1L;

    UnreachableException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
