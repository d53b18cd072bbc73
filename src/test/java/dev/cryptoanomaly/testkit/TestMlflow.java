package dev.cryptoanomaly.testkit;

import static org.assertj.core.api.Assertions.fail;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;

/**
 * The MLflow tracking server the tests use ({@code CRYPTO_ANOMALY_TEST_MLFLOW_URI}, default the one
 * {@code .ci/run} starts on 127.0.0.1:5000). With CI=true an unreachable server fails the test;
 * elsewhere the test is skipped, saying why.
 */
public final class TestMlflow {
  private TestMlflow() {}

  public static URI server() {
    String uri = System.getenv("CRYPTO_ANOMALY_TEST_MLFLOW_URI");
    URI server = URI.create(uri != null ? uri : "http://127.0.0.1:5000");
    try {
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(server.resolve("/health"))
                      .timeout(Duration.ofSeconds(5))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 200) {
        return server;
      }
      unusable(server, "health answered " + r.statusCode());
    } catch (Exception e) {
      unusable(server, e.toString());
    }
    return server;
  }

  private static void unusable(URI server, String why) {
    String message = "MLflow test server " + server + " is not usable: " + why;
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail(message);
    }
    Assumptions.abort(message);
  }
}
