package dev.cryptoanomaly.stream;

import dev.cryptoanomaly.config.Settings;
import dev.cryptoanomaly.stream.kafka.KafkaBus;
import java.net.URI;
import java.time.Clock;

/**
 * Opens the bus the settings choose: Kafka when {@code KAFKA_BOOTSTRAP_SERVERS} is set, else Redis
 * Streams when {@code REDIS_URL} is set, else a queue in this process.
 */
public final class Buses {
  private Buses() {}

  public static CandleBus open(Settings settings, Clock clock) {
    if (settings.kafka().bootstrapServers().isPresent()) {
      return new KafkaBus(settings.kafka());
    }
    if (settings.redisUrl().isEmpty()) {
      return new InProcessBus();
    }
    String url = settings.redisUrl().get();
    return new RedisBus(Redis.open(url), Redis.describe(URI.create(url)), clock);
  }

  /** Whether the settings put the bus outside this process (workers elsewhere decide). */
  public static boolean external(Settings settings) {
    return settings.kafka().bootstrapServers().isPresent() || settings.redisUrl().isPresent();
  }
}
