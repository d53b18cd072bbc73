package dev.cryptoanomaly.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole market on one machine, proven in a 1 GB heap: 400 simulated symbols x 10 days of 1m
 * (5.76M candles) are collected, trained on (gmm, the default search) and detected by the real
 * command line, each in a JVM of its own started with {@code -Xmx1g}. Training used to run out of
 * memory here with a stack trace, and detection grouped the background of 400 symbols into one
 * incident of a week.
 */
@Tag("slow")
class WholeMarketBoundedMemoryTest {
  @TempDir Path home;

  @Test
  void fourHundredSymbolsAreCollectedTrainedAndDetectedInAOneGigabyteHeap() throws Exception {
    List<String> symbols = new ArrayList<>(List.of("BTCUSDT"));
    for (int i = 1; i < 400; i++) {
      symbols.add(String.format("S%03dUSDT", i));
    }
    String period = "2024-05-01";
    String end = "2024-05-10";
    String collected =
        cli(
            "collect",
            "--source",
            "synthetic",
            "--symbols",
            String.join(",", symbols),
            "--start",
            period,
            "--end",
            end);
    assertThat(collected).contains("5,760,000 candles for 400 symbols");

    String trained = cli("train", "--model", "gmm");
    assertThat(trained)
        .contains("registered crypto-anomaly@1")
        .contains("fitted on 1,000,000 of")
        .contains("per symbol for 400 symbols");

    String detected = cli("detect", "--start", period, "--end", end);
    // Every candle past each series' first windows (the features' warm-up) is scored.
    assertThat(detected)
        .containsPattern("[1-9][\\d,]* alerts from 5,7\\d\\d,\\d{3} candles of 400 symbols");
    assertThat(detected).containsPattern("market-wide, [\\d,]+ single-asset");

    // Market-wide incidents are the market moving, hours at most, never the week's background.
    String marketWide = cli("incidents", "--scope", "market-wide", "--json", "--limit", "1000");
    List<JsonNode> incidents = new ArrayList<>();
    for (String line : marketWide.strip().split("\n")) {
      incidents.add(new ObjectMapper().readTree(line));
    }
    assertThat(incidents).isNotEmpty().hasSizeLessThan(30);
    for (JsonNode i : incidents) {
      Duration lasts =
          Duration.between(
              Instant.parse(i.path("onset").asText()), Instant.parse(i.path("last_hit").asText()));
      assertThat(lasts).as(i.path("id").asText()).isLessThan(Duration.ofHours(12));
      assertThat(i.path("symbols").size()).isGreaterThanOrEqualTo(200);
    }

    // Evaluation counts each series' scores as it goes, so a quarter of the heap is plenty:
    // keeping every candle's score (and its copies while ranking) needed more than that.
    String evaluated =
        cliWithHeap(
            "-Xmx256m",
            "evaluate",
            "--labels",
            home.resolve("labels/synthetic-42.csv").toString(),
            "--models",
            "crypto-anomaly@1",
            "--start",
            period,
            "--end",
            end);
    assertThat(evaluated).containsPattern("event_recall +0\\.\\d+|event_recall +1");
    assertThat(evaluated).containsPattern("pr_auc +0\\.\\d+");

    // Drift reads whole days sampled past a cap, as the promotion gate does.
    assertThat(cli("drift", "--days", "3")).contains("PSI");
  }

  /** Runs the command line in a JVM of its own with a 1 GB heap; its output, after exit 0. */
  private String cli(String... args) throws Exception {
    return cliWithHeap("-Xmx1g", args);
  }

  private String cliWithHeap(String heap, String... args) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd =
        new ArrayList<>(
            List.of(
                java,
                heap,
                "-XX:+ExitOnOutOfMemoryError",
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.cryptoanomaly.cli.Main"));
    cmd.addAll(List.of(args));
    Path log = Files.createTempFile(home.getParent(), "cli", ".log");
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("CRYPTO_ANOMALY_HOME", home.toString());
    pb.environment().remove("DATABASE_URL");
    pb.environment().remove("MLFLOW_TRACKING_URI");
    pb.environment().remove("REDIS_URL");
    Process p =
        pb.redirectErrorStream(true).redirectOutput(log.toFile()).directory(new File(".")).start();
    assertThat(p.waitFor(10, TimeUnit.MINUTES)).as(String.join(" ", args)).isTrue();
    String output = Files.readString(log, StandardCharsets.UTF_8);
    Files.delete(log);
    assertThat(p.exitValue()).as(args[0] + ":\n" + output).isZero();
    assertThat(output).doesNotContain("OutOfMemoryError").doesNotContain("\tat ");
    return output;
  }
}
