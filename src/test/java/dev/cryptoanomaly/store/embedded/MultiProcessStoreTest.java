package dev.cryptoanomaly.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Kline;
import dev.cryptoanomaly.kline.Market;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.store.KlineStoreContract;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves the embedded store's choice: separate JVMs (two writers, like a collector and a worker,
 * and two readers, like dashboards) share one file with no lock error, and readers always see whole
 * transactions.
 */
@Tag("slow")
class MultiProcessStoreTest {
  static final int BATCHES = 60;
  static final int BATCH = 1440;

  @TempDir Path home;

  /** Child process: {@code write SYMBOL} or {@code read}. */
  public static void main(String[] args) {
    try (SqliteKlineStore store = SqliteKlineStore.open(Path.of(args[0]))) {
      if (args[1].equals("write")) {
        var series = new SeriesKey(Market.SPOT, args[2], Interval.M1);
        for (int b = 0; b < BATCHES; b++) {
          List<Kline> batch =
              KlineStoreContract.run(KlineStoreContract.T0 + (long) b * BATCH * 60_000L, BATCH);
          store.write(series, batch, KlineStoreContract.ledger(args[2] + b, series, BATCH));
        }
      } else {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
          var coverage = store.coverage();
          for (var c : coverage) {
            if (c.rows() % BATCH != 0) {
              throw new IllegalStateException("saw a half-written batch: " + c);
            }
          }
          if (coverage.size() == 2
              && coverage.stream().allMatch(c -> c.rows() == (long) BATCHES * BATCH)) {
            break;
          }
        }
        System.out.println("reads ok");
      }
    }
  }

  @Test
  void writersAndReadersInSeparateProcessesShareOneFile() throws Exception {
    List<Process> processes = new ArrayList<>();
    processes.add(start("write", "BTCUSDT"));
    processes.add(start("write", "ETHUSDT"));
    processes.add(start("read", ""));
    processes.add(start("read", ""));
    for (Process p : processes) {
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.exitValue()).as(output).isZero();
      assertThat(output).doesNotContainIgnoringCase("locked").doesNotContainIgnoringCase("busy");
    }
    try (SqliteKlineStore store = SqliteKlineStore.open(home)) {
      assertThat(store.coverage())
          .hasSize(2)
          .allSatisfy(c -> assertThat(c.rows()).isEqualTo((long) BATCHES * BATCH));
    }
  }

  private Process start(String mode, String symbol) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd =
        new ArrayList<>(
            List.of(
                java,
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                MultiProcessStoreTest.class.getName(),
                home.toString(),
                mode));
    if (!symbol.isEmpty()) {
      cmd.add(symbol);
    }
    Files.createDirectories(home);
    return new ProcessBuilder(cmd).redirectErrorStream(true).directory(new File(".")).start();
  }
}
