package dev.cryptoanomaly.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Detection quality, end to end through the real command line: the simulator's labelled market (5
 * symbols x N days of 1m, default 60, seed default 20261125, which development never used), then
 * {@code train} of K-Means (2-12 clusters), the Gaussian mixture (2-8 components, full and
 * diagonal) and both baselines (isolation forest, robust z-score) with the same budget, then {@code
 * evaluate --test-period}: every model on the held-out last 20% of the period, side by side. Prints
 * JSON with the targets. Run with {@code ./bench detection [days] [seed] [budget]}.
 */
public final class DetectionBenchmark {
  private DetectionBenchmark() {}

  public static void main(String[] args) throws Exception {
    String days = args.length > 0 ? args[0] : "60";
    String seed = args.length > 1 ? args[1] : "20261125";
    String budget = args.length > 2 ? args[2] : "2";
    Path home = Files.createTempDirectory("detection-bench");
    Map<String, String> env = Map.of("CRYPTO_ANOMALY_HOME", home.toString());
    Clock clock = Clock.fixed(Instant.parse("2024-07-01T00:00:00Z"), ZoneOffset.UTC);
    BenchRuns.cli(env, clock, "collect", days, "--source", "synthetic", "--seed", seed);
    Map<String, List<String>> models = BenchRuns.MODELS;
    Map<String, Double> trainSeconds = new LinkedHashMap<>();
    for (var e : models.entrySet()) {
      List<String> cmd =
          new java.util.ArrayList<>(
              List.of("train", "--name", e.getKey(), "--alerts-per-day", budget));
      cmd.addAll(e.getValue());
      long t0 = System.nanoTime();
      BenchRuns.cli(env, clock, cmd.toArray(String[]::new));
      trainSeconds.put(e.getKey(), (System.nanoTime() - t0) / 1e9);
    }
    String labels = home.resolve("labels/synthetic-" + seed + ".csv").toString();
    String evaluated =
        BenchRuns.cli(
            env,
            clock,
            "evaluate",
            "--labels",
            labels,
            "--test-period",
            "--json",
            "--models",
            String.join(",", models.keySet().stream().map(n -> n + "@champion").toList()));
    ObjectMapper json = new ObjectMapper();
    ObjectNode out = json.createObjectNode();
    out.put("benchmark", "detection");
    out.put("market", "simulated, 5 symbols x " + days + " days of 1m, seed " + seed);
    out.put("alerts_per_symbol_day_budget", Double.parseDouble(budget));
    out.set("train_wall_seconds", json.valueToTree(trainSeconds));
    JsonNode results = json.readTree(evaluated);
    out.set("test_period", results);
    ObjectNode targets = out.putObject("targets");
    targets.put("event_recall", ">= 0.95");
    targets.put("false_alerts_per_symbol_day", "<= 1");
    targets.put("median_delay_candles", "<= 2");
    targets.put("better_than_both_baselines", "event recall and PR-AUC");
    targets.put("scope_accuracy", ">= 0.9 of detected events (market shocks are labelled *)");
    targets.put("symbol_rate_to_budget", "every symbol within 0.5 to 1.5");
    targets.put("alerts_per_symbol_day", "within 25% of the budget");
    System.out.println(json.writeValueAsString(out));
    BenchRuns.deleteTree(home);
  }
}
