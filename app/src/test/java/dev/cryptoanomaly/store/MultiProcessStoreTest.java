package dev.cryptoanomaly.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Kline;
import dev.cryptoanomaly.kline.Market;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.store.embedded.SqliteKlineStore;
import dev.cryptoanomaly.store.postgres.PostgresKlineStore;
import dev.cryptoanomaly.store.postgres.PostgresUrl;
import dev.cryptoanomaly.testkit.TestPostgres;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Separate JVMs share one store on each backend: two ingesting processes (like a collector and a
 * worker) and two readers (like dashboards) asking for coverage and ranges. No process sees a lock
 * error, and readers always see whole transactions with coverage that agrees with itself and with
 * the candles a range read returns.
 */
@Tag("slow")
class MultiProcessStoreTest {
  static final int BATCHES = 60;
  static final int BATCH = 1440;
  static final long MINUTE = 60_000L;

  @TempDir Path home;

  @Test
  void embeddedStoreSharedByWritersAndReaders() throws Exception {
    runProcesses(home.toString());
    try (KlineStore store = open(home.toString())) {
      assertFullyWritten(store);
    }
  }

  @Test
  @Tag("postgres")
  void postgresStoreSharedByWritersAndReaders() throws Exception {
    PostgresUrl db = TestPostgres.createDatabase();
    try {
      String where = TestPostgres.databaseUrl(db);
      runProcesses(where);
      try (KlineStore store = open(where)) {
        assertFullyWritten(store);
      }
    } finally {
      TestPostgres.dropDatabase(db);
    }
  }

  /** Child process: {@code STORE write SYMBOL} or {@code STORE read}. */
  public static void main(String[] args) {
    try (KlineStore store = open(args[0])) {
      if (args[1].equals("write")) {
        var series = new SeriesKey(Market.SPOT, args[2], Interval.M1);
        for (int b = 0; b < BATCHES; b++) {
          store.write(
              series,
              KlineStoreContract.run(KlineStoreContract.T0 + b * BATCH * MINUTE, BATCH),
              KlineStoreContract.ledger(args[2] + b, series, BATCH));
        }
      } else {
        readUntilComplete(store);
      }
    }
  }

  private static void readUntilComplete(KlineStore store) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    int passes = 0;
    while (System.nanoTime() < deadline) {
      List<SeriesCoverage> coverage = store.coverage();
      passes++;
      for (SeriesCoverage c : coverage) {
        check(c.rows() % BATCH == 0, "saw a half-written batch: " + c);
        check(
            c.missing() == 0 && c.firstOpenTime() == KlineStoreContract.T0,
            "coverage has a hole: " + c);
        check(
            c.lastOpenTime() == KlineStoreContract.T0 + (c.rows() - 1) * MINUTE,
            "coverage disagrees with itself: " + c);
        List<Kline> range =
            store.read(
                c.series(), KlineStoreContract.T0, KlineStoreContract.T0 + c.rows() * MINUTE);
        check(range.size() == c.rows(), "range read " + range.size() + " rows, coverage " + c);
        for (int i = 0; i < range.size(); i++) {
          Kline k = range.get(i);
          check(
              k.openTime() == KlineStoreContract.T0 + i * MINUTE && k.close() == 100 + i % BATCH,
              "range read has a wrong candle at " + i + ": " + k);
        }
      }
      if (coverage.size() == 2
          && coverage.stream().allMatch(c -> c.rows() == (long) BATCHES * BATCH)) {
        System.out.println("reads ok after " + passes + " passes");
        return;
      }
    }
    throw new IllegalStateException("writers did not finish within 60 s");
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalStateException(message);
    }
  }

  private static KlineStore open(String where) {
    return where.startsWith("postgresql://")
        ? PostgresKlineStore.open(PostgresUrl.parse(where))
        : SqliteKlineStore.open(Path.of(where));
  }

  private static void assertFullyWritten(KlineStore store) {
    assertThat(store.coverage())
        .hasSize(2)
        .allSatisfy(c -> assertThat(c.rows()).isEqualTo((long) BATCHES * BATCH));
  }

  private void runProcesses(String where) throws Exception {
    List<Process> processes = new ArrayList<>();
    processes.add(start(where, "write", "BTCUSDT"));
    processes.add(start(where, "write", "ETHUSDT"));
    processes.add(start(where, "read", ""));
    processes.add(start(where, "read", ""));
    for (Process p : processes) {
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.exitValue()).as(output).isZero();
      assertThat(output).doesNotContainIgnoringCase("locked").doesNotContainIgnoringCase("busy");
    }
  }

  private Process start(String where, String mode, String symbol) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd =
        new ArrayList<>(
            List.of(
                java,
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                MultiProcessStoreTest.class.getName(),
                where,
                mode));
    if (!symbol.isEmpty()) {
      cmd.add(symbol);
    }
    return new ProcessBuilder(cmd).redirectErrorStream(true).directory(new File(".")).start();
  }
}
