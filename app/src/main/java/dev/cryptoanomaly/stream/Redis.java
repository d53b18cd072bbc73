package dev.cryptoanomaly.stream;

import dev.cryptoanomaly.Messages;
import dev.cryptoanomaly.UserException;
import dev.failsafe.Failsafe;
import dev.failsafe.RetryPolicy;
import java.net.URI;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Opens the Redis client {@code REDIS_URL} names and runs commands through outages: a connection
 * failure is retried with backoff (Redis restarting, a network blip), never turned into lost data.
 */
public final class Redis {
  /** Keys of this application start with this, so a shared Redis stays tidy. */
  public static final String PREFIX = "crypto-anomaly:";

  private static final Logger LOG = LoggerFactory.getLogger(Redis.class);

  private Redis() {}

  /** Connects and checks the server answers; a one-line error names host and port otherwise. */
  public static RedisClient open(String url) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new UserException("REDIS_URL is not a valid URL: '" + url + "'", e);
    }
    if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme())
        || uri.getHost() == null) {
      throw new UserException(
          "REDIS_URL must look like redis://host:6379 (or rediss:// for TLS); got '"
              + describe(uri)
              + "'");
    }
    RedisClient client = RedisClient.create(uri);
    try {
      client.ping();
      if (passwordIgnored(uri)) {
        LOG.warn(
            "REDIS_URL carries a password, but the Redis server at {} accepts connections without"
                + " one: anyone who can reach it can read and change the streams; set requirepass"
                + " (or an ACL user) on the server",
            describe(uri));
      }
      return client;
    } catch (JedisException e) {
      client.close();
      throw new UserException(
          "cannot reach Redis at " + describe(uri) + " (REDIS_URL): " + Messages.rootMessage(e), e);
    }
  }

  /**
   * Whether the URL names a password that the server does not ask for: a server without one accepts
   * any password (Redis's default user is {@code nopass}), so a configured secret would protect
   * nothing without a word. Checked with one unauthenticated PING.
   */
  static boolean passwordIgnored(URI uri) {
    String info = uri.getUserInfo();
    if (info == null || info.isEmpty() || info.endsWith(":")) {
      return false;
    }
    int port = uri.getPort() < 0 ? 6379 : uri.getPort();
    var config =
        redis.clients.jedis.DefaultJedisClientConfig.builder()
            .ssl("rediss".equals(uri.getScheme()))
            .connectionTimeoutMillis(2_000)
            .socketTimeoutMillis(2_000)
            .build();
    try (var anonymous =
        new redis.clients.jedis.Jedis(
            new redis.clients.jedis.HostAndPort(uri.getHost(), port), config)) {
      return "PONG".equals(anonymous.ping());
    } catch (JedisException e) {
      return false; // NOAUTH: the server wants a password, as it should
    }
  }

  /** Host and port of a Redis URL, never its password. */
  public static String describe(URI uri) {
    int port = uri.getPort() < 0 ? 6379 : uri.getPort();
    return uri.getHost() + ":" + port;
  }

  /**
   * Runs a Redis command, retrying connection failures with backoff for as long as it takes; {@code
   * what} names it in the warnings.
   */
  public static <T> T retrying(String what, Supplier<T> command) {
    RetryPolicy<T> policy =
        RetryPolicy.<T>builder()
            .handle(JedisConnectionException.class)
            .withBackoff(Duration.ofMillis(100), Duration.ofSeconds(5))
            .withMaxRetries(-1)
            .onRetry(
                e ->
                    LOG.warn(
                        "Redis unavailable while {} (attempt {}): {}; retrying",
                        what,
                        e.getAttemptCount(),
                        Messages.rootMessage(e.getLastException())))
            .build();
    return Failsafe.with(policy).get(command::get);
  }
}
