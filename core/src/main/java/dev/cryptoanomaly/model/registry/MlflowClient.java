package dev.cryptoanomaly.model.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cryptoanomaly.model.RegistryException;
import dev.failsafe.Failsafe;
import dev.failsafe.RetryPolicy;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * MLflow's REST API over plain HTTP (the tracking server's {@code /api/2.0/mlflow} and, for
 * artifacts the server proxies, {@code /api/2.0/mlflow-artifacts}). Connection failures and 5xx
 * answers are retried with backoff; an MLflow error answer becomes {@link MlflowException} with the
 * server's error code. Messages name the server, never credentials in its URI.
 */
final class MlflowClient {
  static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final String authorization;
  private final HttpClient http;
  private final RetryPolicy<HttpResponse<byte[]>> retry;

  MlflowClient(URI trackingUri) {
    this.authorization = basicAuthorization(trackingUri);
    String text = dev.cryptoanomaly.config.Redaction.withoutUserInfo(trackingUri).toString();
    this.base = URI.create(text.endsWith("/") ? text : text + "/");
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    this.retry =
        RetryPolicy.<HttpResponse<byte[]>>builder()
            .handle(ConnectException.class, HttpTimeoutException.class)
            .handleResultIf(r -> r.statusCode() >= 500)
            .withBackoff(Duration.ofMillis(200), Duration.ofSeconds(3))
            .withMaxRetries(3)
            .build();
  }

  /** The server, for messages: scheme, host and port only. */
  String where() {
    return "MLflow server " + base.getScheme() + "://" + base.getHost() + ":" + base.getPort();
  }

  /** An MLflow error answer: {@code error_code} such as RESOURCE_DOES_NOT_EXIST. */
  static final class MlflowException extends RegistryException {
    private static final long serialVersionUID = 1L;
    final String code;

    MlflowException(String code, String message) {
      super(message);
      this.code = code;
    }
  }

  JsonNode get(String path, Map<String, String> query) {
    String q =
        query.entrySet().stream()
            .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    return json(send(HttpRequest.newBuilder(api(path + (q.isEmpty() ? "" : "?" + q))).GET()), path);
  }

  JsonNode post(String path, ObjectNode body) {
    try {
      return json(
          send(
              HttpRequest.newBuilder(api(path))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))),
          path);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  void putArtifact(String path, byte[] content) {
    HttpResponse<byte[]> r =
        send(
            HttpRequest.newBuilder(artifact(path))
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content)));
    if (r.statusCode() / 100 != 2) {
      throw error(r, "upload of " + path);
    }
  }

  /** An artifact's bytes, or null when the server has no such file. */
  byte[] getArtifact(String path) {
    HttpResponse<byte[]> r = send(HttpRequest.newBuilder(artifact(path)).GET());
    if (r.statusCode() == 404) {
      return null;
    }
    if (r.statusCode() / 100 != 2) {
      throw error(r, "download of " + path);
    }
    return r.body();
  }

  private URI api(String path) {
    return base.resolve("api/2.0/mlflow/" + path);
  }

  private URI artifact(String path) {
    String encoded =
        java.util.Arrays.stream(path.split("/"))
            .map(s -> URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"))
            .collect(Collectors.joining("/"));
    return base.resolve("api/2.0/mlflow-artifacts/artifacts/" + encoded);
  }

  /**
   * MLflow's basic authentication from {@code http://user:password@host}: the credentials go in a
   * header, and the address used and shown has none.
   */
  private static String basicAuthorization(URI uri) {
    String userInfo = uri.getUserInfo();
    if (userInfo == null || userInfo.isEmpty()) {
      return null;
    }
    return "Basic "
        + java.util.Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
  }

  private HttpResponse<byte[]> send(HttpRequest.Builder request) {
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    HttpRequest built = request.timeout(Duration.ofSeconds(60)).build();
    try {
      return Failsafe.with(retry)
          .get(() -> http.send(built, HttpResponse.BodyHandlers.ofByteArray()));
    } catch (dev.failsafe.FailsafeException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new RegistryException(
          "cannot reach the " + where() + ": " + dev.cryptoanomaly.Messages.networkFailure(cause),
          cause);
    }
  }

  private JsonNode json(HttpResponse<byte[]> r, String path) {
    if (r.statusCode() / 100 != 2) {
      throw error(r, path);
    }
    try {
      return r.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(r.body());
    } catch (IOException e) {
      throw new RegistryException(
          where() + " answered " + path + " with something that is not JSON");
    }
  }

  private MlflowException error(HttpResponse<byte[]> r, String what) {
    String code = "HTTP_" + r.statusCode();
    String message = new String(r.body(), StandardCharsets.UTF_8);
    try {
      JsonNode node = JSON.readTree(r.body());
      code = node.path("error_code").asText(code);
      message = node.path("message").asText(message);
    } catch (IOException | RuntimeException e) {
      // not JSON: keep the raw text
    }
    String line = message.lines().findFirst().orElse("").strip();
    if (line.length() > 300) {
      line = line.substring(0, 300) + "...";
    }
    return new MlflowException(code, where() + " refused " + what + ": " + code + " " + line);
  }
}
