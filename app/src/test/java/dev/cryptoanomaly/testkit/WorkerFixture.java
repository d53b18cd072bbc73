package dev.cryptoanomaly.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Kline;
import dev.cryptoanomaly.kline.Market;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.online.CandleEvent;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.store.StoredDecision;
import java.io.File;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the multi-worker tests share, whatever the bus (Redis, Kafka, the Flink job): worker
 * processes started as users start them, the stored candles of {@link TrainedHomes} as events, and
 * the check that each candle was decided exactly once.
 */
public final class WorkerFixture {
  public static final long DAY = Instant.parse("2024-05-06T00:00:00Z").toEpochMilli();

  private WorkerFixture() {}

  /** A {@code worker} process on {@code home} with {@code env} choosing the bus. */
  public static Process worker(Path home, Map<String, String> env, Path log) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
            java,
            "--enable-native-access=ALL-UNNAMED",
            "-cp",
            System.getProperty("java.class.path"),
            "dev.cryptoanomaly.cli.Main",
            "worker",
            "--batch",
            "200",
            "--stats-every",
            "0");
    pb.environment().remove("REDIS_URL");
    pb.environment().remove("KAFKA_BOOTSTRAP_SERVERS");
    pb.environment().putAll(env);
    pb.environment().put("CRYPTO_ANOMALY_HOME", home.toString());
    pb.environment().remove("DATABASE_URL");
    pb.environment().remove("MLFLOW_TRACKING_URI");
    return pb.redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .directory(new File("."))
        .start();
  }

  /** The stored candles of {@code days} days from 2024-05-06, in time order across symbols. */
  public static List<CandleEvent> events(KlineStore store, int days) {
    List<List<Kline>> perSymbol = new ArrayList<>();
    for (String s : TrainedHomes.SYMBOLS) {
      perSymbol.add(store.read(series(s), DAY, DAY + days * 86_400_000L));
    }
    List<CandleEvent> events = new ArrayList<>();
    for (int i = 0; i < perSymbol.get(0).size(); i++) {
      for (int s = 0; s < perSymbol.size(); s++) {
        events.add(
            new CandleEvent(
                series(TrainedHomes.SYMBOLS.get(s)),
                perSymbol.get(s).get(i),
                CandleEvent.micros(Clock.systemUTC())));
      }
    }
    return events;
  }

  public static SeriesKey series(String symbol) {
    return new SeriesKey(Market.SPOT, symbol, Interval.M1);
  }

  public static long decided(KlineStore store) {
    long n = 0;
    for (String s : TrainedHomes.SYMBOLS) {
      n += store.decisions(series(s), "crypto-anomaly", 1, DAY, DAY + 3 * 86_400_000L).size();
    }
    return n;
  }

  public static void assertEachDecidedOnce(KlineStore store, List<CandleEvent> events) {
    for (String s : TrainedHomes.SYMBOLS) {
      List<Long> published =
          events.stream()
              .filter(e -> e.series().symbol().equals(s))
              .map(e -> e.kline().openTime())
              .toList();
      List<Long> decided =
          store.decisions(series(s), "crypto-anomaly", 1, DAY, DAY + 3 * 86_400_000L).stream()
              .map(StoredDecision::openTime)
              .toList();
      assertThat(decided).as(s).isEqualTo(published);
    }
  }
}
