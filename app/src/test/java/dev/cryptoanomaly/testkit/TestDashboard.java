package dev.cryptoanomaly.testkit;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cryptoanomaly.config.Settings;
import dev.cryptoanomaly.web.DashboardOptions;
import dev.cryptoanomaly.web.DashboardServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/** A dashboard on a free loopback port, and an HTTP client that speaks its JSON API. */
public final class TestDashboard implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  public final DashboardServer server;
  private final HttpClient http = HttpClient.newHttpClient();

  public TestDashboard(Settings settings, Clock clock) {
    this(settings, clock, dev.cryptoanomaly.web.DashboardServices.none());
  }

  /** A dashboard lent a scheduler and a resident worker, as {@code serve} runs it. */
  public TestDashboard(
      Settings settings, Clock clock, dev.cryptoanomaly.web.DashboardServices services) {
    this.server =
        DashboardServer.start(
            settings, clock, new DashboardOptions("127.0.0.1", 0, null), services);
  }

  public String url(String path) {
    return "http://127.0.0.1:" + server.port() + path;
  }

  /** Status and body of a request. */
  public record Reply(int status, String body) {
    public Map<String, Object> json() {
      try {
        return JSON.readValue(body, new TypeReference<>() {});
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }
  }

  public Reply get(String path) {
    return send(HttpRequest.newBuilder(URI.create(url(path))).GET());
  }

  public Reply post(String path, Object body) {
    try {
      return send(
          HttpRequest.newBuilder(URI.create(url(path)))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  public Reply send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(r.statusCode(), r.body());
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Starts a job and waits for it to end; returns its final view. */
  public Map<String, Object> runJob(String path, Object body, Duration limit) {
    Reply started = post(path, body);
    if (started.status() != 202) {
      throw new AssertionError(path + " answered " + started.status() + ": " + started.body());
    }
    return runJobResult(String.valueOf(started.json().get("id")), limit);
  }

  /** Waits for a started job to end; returns its final view. */
  public Map<String, Object> runJobResult(String id, Duration limit) {
    AtomicReference<Map<String, Object>> last = new AtomicReference<>();
    await()
        .atMost(limit)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              last.set(get("/api/jobs/" + id).json());
              return !"running".equals(last.get().get("state"));
            });
    return last.get();
  }

  @Override
  public void close() {
    server.close();
  }
}
