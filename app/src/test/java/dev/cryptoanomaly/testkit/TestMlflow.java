package dev.cryptoanomaly.testkit;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The MLflow tracking server the tests use ({@code CRYPTO_ANOMALY_TEST_MLFLOW_URI}, default the one
 * {@code .ci/run} starts on 127.0.0.1:5000). With CI=true an unreachable server fails the test;
 * elsewhere the test is skipped, saying why.
 */
public final class TestMlflow {
  private TestMlflow() {}

  public static URI server() {
    return reachable(
        "MLflow test server", "CRYPTO_ANOMALY_TEST_MLFLOW_URI", "http://127.0.0.1:5000", "/health");
  }

  /**
   * The MLflow server that keeps artifacts in S3 ({@code --default-artifact-root
   * s3://mlflow-artifacts/ --no-serve-artifacts}; {@code CRYPTO_ANOMALY_TEST_MLFLOW_S3_URI},
   * default the one {@code .ci/run} starts on 127.0.0.1:5001).
   */
  public static URI s3Server() {
    return reachable(
        "MLflow test server with S3 artifacts",
        "CRYPTO_ANOMALY_TEST_MLFLOW_S3_URI",
        "http://127.0.0.1:5001",
        "/health");
  }

  /**
   * The S3-compatible server (moto's server mode) behind {@link #s3Server()} ({@code
   * CRYPTO_ANOMALY_TEST_S3_ENDPOINT}, default 127.0.0.1:5002); any key pair is accepted.
   */
  public static URI s3Endpoint() {
    return reachable(
        "S3-compatible test server",
        "CRYPTO_ANOMALY_TEST_S3_ENDPOINT",
        "http://127.0.0.1:5002",
        "/");
  }

  private static URI reachable(String what, String variable, String fallback, String path) {
    String uri = System.getenv(variable);
    URI server = URI.create(uri != null ? uri : fallback);
    try {
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(server.resolve(path))
                      .timeout(Duration.ofSeconds(5))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 200) {
        return server;
      }
      unusable(what, server, path + " answered " + r.statusCode());
    } catch (Exception e) {
      unusable(what, server, e.toString());
    }
    return server;
  }

  private static void unusable(String what, URI server, String why) {
    Unavailable.require(what, server + " is not usable: " + why);
  }
}
