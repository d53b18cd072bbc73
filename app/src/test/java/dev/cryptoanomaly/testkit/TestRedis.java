package dev.cryptoanomaly.testkit;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.RedisClient;

/**
 * Redis for the tests: the server {@code .ci/run} starts on 127.0.0.1:6379 ({@code
 * CRYPTO_ANOMALY_TEST_REDIS_URL}), of which the tests use database 15 only; or a server of a test's
 * own, started from Debian's {@code redis-server} binary, that the test may stop and restart. With
 * CI=true an unreachable server or a missing binary fails the test; elsewhere it is skipped.
 */
public final class TestRedis {
  private TestRedis() {}

  /** The shared server's test database, emptied. */
  public static String url() {
    String base = System.getenv("CRYPTO_ANOMALY_TEST_REDIS_URL");
    String url = (base != null ? base : "redis://127.0.0.1:6379") + "/15";
    try (RedisClient redis = RedisClient.create(URI.create(url))) {
      redis.flushDB();
    } catch (RuntimeException e) {
      Unavailable.require("Redis", "test server " + url + " is not reachable: " + e.getMessage());
    }
    return url;
  }

  /** A redis-server process of the test's own, persisting every write (appendfsync always). */
  public static final class OwnServer implements AutoCloseable {
    private final Path dir;
    private final int port;
    private Process process;

    public OwnServer(Path dir) throws IOException, InterruptedException {
      this.dir = dir;
      try (ServerSocket s = new ServerSocket(0)) {
        this.port = s.getLocalPort();
      }
      if (!new File("/usr/bin/redis-server").canExecute()) {
        Unavailable.require(
            "Redis", "redis-server is not installed (apt-get install redis-server)");
      }
      start();
    }

    public String url() {
      return "redis://127.0.0.1:" + port;
    }

    public void start() throws IOException, InterruptedException {
      process =
          new ProcessBuilder(
                  List.of(
                      "/usr/bin/redis-server",
                      "--port",
                      Integer.toString(port),
                      "--bind",
                      "127.0.0.1",
                      "--dir",
                      dir.toString(),
                      "--appendonly",
                      "yes",
                      "--appendfsync",
                      "always",
                      "--save",
                      ""))
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("redis.log").toFile())
              .start();
      for (int i = 0; i < 100; i++) {
        try (RedisClient redis = RedisClient.create(URI.create(url()))) {
          redis.ping();
          return;
        } catch (RuntimeException e) {
          Thread.sleep(50);
        }
      }
      fail("redis-server on port " + port + " did not start; see " + dir.resolve("redis.log"));
    }

    /** Stops the server as an operator would (SIGTERM: it finishes its append-only file). */
    public void stop() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }

    @Override
    public void close() throws InterruptedException {
      stop();
    }
  }
}
