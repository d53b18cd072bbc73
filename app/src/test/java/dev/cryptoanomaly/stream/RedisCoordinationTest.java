package dev.cryptoanomaly.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cryptoanomaly.testkit.TestRedis;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/** Worker membership on the Redis server's clock, and a password the server ignores. */
@Tag("redis")
class RedisCoordinationTest {

  @Test
  void aWorkerWhoseClockRunsBehindStaysAMember() throws Exception {
    String url = TestRedis.url();
    Clock behind = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-10));
    try (RedisBus skewed = new RedisBus(Redis.open(url), "skewed", behind);
        RedisBus honest = new RedisBus(Redis.open(url), "honest", Clock.systemUTC());
        RedisClient redis = RedisClient.create(URI.create(url))) {
      CandleBus.Subscription a = skewed.subscribe("worker-behind");
      CandleBus.Subscription b = honest.subscribe("worker-on-time");
      a.poll(1, Duration.ofMillis(10));
      b.poll(1, Duration.ofMillis(10));
      assertThat(redis.zcard(ShardLeases.membersKey())).isEqualTo(2);
      assertThat(redis.zrange(ShardLeases.membersKey(), 0, -1))
          .containsExactlyInAnyOrder("worker-behind", "worker-on-time");
      a.close();
      b.close();
    }
  }

  @Test
  void aPasswordTheServerDoesNotAskForIsNoticed() {
    String url = TestRedis.url();
    URI plain = URI.create(url);
    URI withPassword =
        URI.create(
            plain.getScheme() + "://:s3cret@" + plain.getHost() + ":" + plain.getPort() + "/15");
    assertThat(Redis.passwordIgnored(withPassword)).isTrue();
    assertThat(Redis.passwordIgnored(plain)).isFalse();
  }
}
