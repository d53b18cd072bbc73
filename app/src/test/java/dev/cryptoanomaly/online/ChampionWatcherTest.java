package dev.cryptoanomaly.online;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Market;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.model.ModelRef;
import dev.cryptoanomaly.model.registry.LocalModelRegistry;
import dev.cryptoanomaly.model.registry.ModelRegistry;
import dev.cryptoanomaly.testkit.MutableClock;
import dev.cryptoanomaly.testkit.SavedModels;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which version scores a series: re-read from the registry every refresh until a central poll
 * announces the versions (the Flink job's broadcast), then only the announcements move it.
 */
class ChampionWatcherTest {
  static final SeriesKey ETH = new SeriesKey(Market.SPOT, "ETHUSDT", Interval.M1);
  static final ModelRef CHAMPION = ModelRef.parse(SavedModels.NAME + "@champion");

  @Test
  void afterAnAnnouncementTheRegistryIsAskedForModelsOnly(@TempDir Path home) throws Exception {
    SavedModels.copyInto(home, "format-2");
    List<String> calls = new CopyOnWriteArrayList<>();
    ModelRegistry registry = counting(new LocalModelRegistry(home), calls);
    MutableClock clock = new MutableClock(0);
    ChampionWatcher watcher =
        new ChampionWatcher(registry, CHAMPION, Duration.ofSeconds(1), clock, true);

    watcher.refreshIfDue();
    assertThat(watcher.forSeries(ETH)).hasValueSatisfying(m -> assertThat(m.version()).isOne());
    clock.set(2_000);
    watcher.refreshIfDue();
    int before = lookups(calls);
    watcher.forSeries(ETH);
    assertThat(lookups(calls)).as("polling: each refresh asks again").isGreaterThan(before);

    ChampionVersions versions = ChampionVersions.resolve(new LocalModelRegistry(home), CHAMPION);
    assertThat(versions.forSymbol("ETHUSDT")).isEqualTo(ModelRef.of(SavedModels.NAME, 1));
    long generation = watcher.generation();
    watcher.announce(versions);
    assertThat(watcher.generation()).isEqualTo(generation + 1);
    calls.clear();
    for (int second = 3; second < 10; second++) {
      clock.set(second * 1_000L);
      watcher.refreshIfDue();
      assertThat(watcher.forSeries(ETH)).isPresent();
    }
    assertThat(lookups(calls)).as("announced: no alias lookups").isZero();
    watcher.announce(ChampionVersions.decode(versions.encode()));
    assertThat(watcher.generation()).as("the same versions again").isEqualTo(generation + 1);

    watcher.announce(new ChampionVersions(null, Map.of("BTCUSDT", ModelRef.of("fixture", 1))));
    assertThat(watcher.forSeries(ETH)).as("no version for the symbol").isEmpty();
  }

  @Test
  void versionsSurviveTheirEncoding() {
    ChampionVersions pooled = new ChampionVersions(ModelRef.of("crypto-anomaly", 7), Map.of());
    ChampionVersions perSymbol =
        new ChampionVersions(
            null,
            Map.of(
                "BTCUSDT", ModelRef.of("m.BTCUSDT", 2), "ETHUSDT", ModelRef.of("m.ETHUSDT", 11)));
    assertThat(ChampionVersions.decode(pooled.encode())).isEqualTo(pooled);
    assertThat(ChampionVersions.decode(perSymbol.encode())).isEqualTo(perSymbol);
    assertThat(pooled.forSymbol("ANY")).isEqualTo(ModelRef.of("crypto-anomaly", 7));
    assertThat(perSymbol.forSymbol("SOLUSDT")).isNull();
  }

  /** Alias lookups: what a poll costs the registry (MLflow requests on a real server). */
  private static int lookups(List<String> calls) {
    return (int) calls.stream().filter(c -> c.equals("resolve") || c.equals("versions")).count();
  }

  private static ModelRegistry counting(ModelRegistry registry, List<String> calls) {
    return (ModelRegistry)
        Proxy.newProxyInstance(
            ModelRegistry.class.getClassLoader(),
            new Class<?>[] {ModelRegistry.class},
            (proxy, method, args) -> {
              calls.add(method.getName());
              try {
                return method.invoke(registry, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }
}
