package dev.cryptoanomaly.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Detection on real Binance candles: imports ../shared/data/binance/spot/5m, trains the four models
 * on the five default pairs from 2024-07-25 to 2024-08-20 (the August 2024 crash window), and
 * evaluates them side by side from 2021-05-01 to 2023-08-31 against the crash windows in {@code
 * src/bench/resources/labels/shared-spot-5m-events.csv}. Prints JSON. Run with {@code ./bench
 * real-detection [budget]}.
 */
public final class RealDetectionBenchmark {
  private RealDetectionBenchmark() {}

  public static void main(String[] args) throws Exception {
    String budget = args.length > 0 ? args[0] : "2";
    Path home = Files.createTempDirectory("real-detection-bench");
    Map<String, String> env = Map.of("CRYPTO_ANOMALY_HOME", home.toString());
    Clock clock = Clock.systemUTC();
    BenchRuns.cli(
        env, clock, "import", BenchRuns.sharedData().resolve("binance/spot/5m").toString());
    String symbols = "BTCUSDT,ETHUSDT,SOLUSDT,AVAXUSDT,LINKUSDT";
    Map<String, List<String>> models = BenchRuns.MODELS;
    for (var e : models.entrySet()) {
      List<String> cmd =
          new ArrayList<>(
              List.of(
                  "train",
                  "--name",
                  e.getKey(),
                  "--alerts-per-day",
                  budget,
                  "--interval",
                  "5m",
                  "--symbols",
                  symbols,
                  "--start",
                  "2024-07-25",
                  "--end",
                  "2024-08-20"));
      cmd.addAll(e.getValue());
      BenchRuns.cli(env, clock, cmd.toArray(String[]::new));
    }
    String evaluated =
        BenchRuns.cli(
            env,
            clock,
            "evaluate",
            "--labels",
            "src/bench/resources/labels/shared-spot-5m-events.csv",
            "--symbols",
            symbols,
            "--start",
            "2021-05-01",
            "--end",
            "2023-08-31",
            "--json",
            "--models",
            String.join(",", models.keySet().stream().map(n -> n + "@champion").toList()));
    ObjectMapper json = new ObjectMapper();
    ObjectNode out = json.createObjectNode();
    out.put("benchmark", "real-detection");
    out.put(
        "data", "shared spot 5m; train 2024-07-25..2024-08-20; evaluate 2021-05-01..2023-08-31");
    out.put("alerts_per_symbol_day_budget", Double.parseDouble(budget));
    out.set("results", json.readTree(evaluated));
    System.out.println(json.writeValueAsString(out));
    BenchRuns.deleteTree(home);
  }
}
