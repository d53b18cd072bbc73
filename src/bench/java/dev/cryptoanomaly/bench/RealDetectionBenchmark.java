package dev.cryptoanomaly.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cryptoanomaly.testkit.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
    run(env, clock, "import", Path.of("../shared/data/binance/spot/5m").toString());
    String symbols = "BTCUSDT,ETHUSDT,SOLUSDT,AVAXUSDT,LINKUSDT";
    Map<String, List<String>> models = new LinkedHashMap<>();
    models.put("kmeans", List.of("--model", "kmeans", "--clusters", "2-12"));
    models.put("gmm", List.of("--model", "gmm", "--clusters", "2-8"));
    models.put("baseline-iforest", List.of("--model", "iforest"));
    models.put("baseline-robust-z", List.of("--model", "robust_z"));
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
      run(env, clock, cmd.toArray(String[]::new));
    }
    String evaluated =
        run(
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
    try (var walk = Files.walk(home)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private static String run(Map<String, String> env, Clock clock, String... args) {
    Cli.Result r = Cli.run(env, clock, args);
    if (r.exit() != 0) {
      throw new IllegalStateException(String.join(" ", args) + " failed: " + r.err());
    }
    return r.out();
  }
}
