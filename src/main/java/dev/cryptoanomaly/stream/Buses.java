package dev.cryptoanomaly.stream;

import dev.cryptoanomaly.config.Settings;
import java.net.URI;
import java.time.Clock;

/** Opens the bus the settings choose: Redis Streams when {@code REDIS_URL} is set. */
public final class Buses {
  private Buses() {}

  public static CandleBus open(Settings settings, Clock clock) {
    if (settings.redisUrl().isEmpty()) {
      return new InProcessBus();
    }
    String url = settings.redisUrl().get();
    return new RedisBus(Redis.open(url), Redis.describe(URI.create(url)), clock);
  }
}
