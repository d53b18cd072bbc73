package dev.cryptoanomaly.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Alert volume out of sample on real candles: imports ../shared/data/binance/spot/5m, trains on a
 * development fortnight (2023-08-03 to 2023-08-16, six pairs) the Gaussian mixture calibrated per
 * symbol (the default), the same pooled, and both baselines, then measures each on later stretches
 * it never saw (the rest of that month, a year later, two years later): alerts per symbol-day and
 * each symbol's rate against the budget. Prints JSON. Run with {@code ./bench rates [budget]}.
 */
public final class AlertRatesBenchmark {
  private AlertRatesBenchmark() {}

  /** The stretches measured, none overlapping the development fortnight or its crash. */
  static final List<String[]> STRETCHES =
      List.of(
          new String[] {"2023-08-19", "2023-08-31"},
          new String[] {"2024-07-25", "2024-08-03"},
          new String[] {"2025-10-13", "2025-10-25"});

  public static void main(String[] args) throws Exception {
    String budget = args.length > 0 ? args[0] : "2";
    Path home = Files.createTempDirectory("rates-bench");
    Map<String, String> env = Map.of("CRYPTO_ANOMALY_HOME", home.toString());
    Clock clock = Clock.systemUTC();
    BenchRuns.cli(
        env, clock, "import", BenchRuns.sharedData().resolve("binance/spot/5m").toString());
    Map<String, List<String>> models = new LinkedHashMap<>();
    models.put("gmm", List.of("--model", "gmm", "--clusters", "2-8"));
    models.put(
        "gmm-pooled", List.of("--model", "gmm", "--clusters", "2-8", "--calibration", "pooled"));
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
                  "--start",
                  "2023-08-03",
                  "--end",
                  "2023-08-16"));
      cmd.addAll(e.getValue());
      BenchRuns.cli(env, clock, cmd.toArray(String[]::new));
    }
    ObjectMapper json = new ObjectMapper();
    ObjectNode out = json.createObjectNode();
    out.put("benchmark", "alert-rates");
    out.put(
        "data",
        "shared spot 5m, six pairs; train 2023-08-03..2023-08-16; measured on later stretches");
    out.put("alerts_per_symbol_day_budget", Double.parseDouble(budget));
    ArrayNode stretches = out.putArray("stretches");
    for (String[] s : STRETCHES) {
      String evaluated =
          BenchRuns.cli(
              env,
              clock,
              "evaluate",
              "--labels",
              "src/bench/resources/labels/shared-spot-5m-events.csv",
              "--start",
              s[0],
              "--end",
              s[1],
              "--json",
              "--models",
              String.join(",", models.keySet().stream().map(n -> n + "@1").toList()));
      ObjectNode stretch = stretches.addObject();
      stretch.put("from", s[0]);
      stretch.put("to", s[1]);
      ObjectNode byModel = stretch.putObject("models");
      for (JsonNode m : json.readTree(evaluated).path("models")) {
        JsonNode metrics = m.path("metrics");
        ObjectNode r = byModel.putObject(m.path("model").asText());
        for (String k :
            List.of(
                "alerts_per_symbol_day",
                "symbol_rate_to_budget_min",
                "symbol_rate_to_budget_max",
                "symbols_within_budget_band",
                "symbol_days")) {
          r.set(k, metrics.path(k));
        }
      }
    }
    ObjectNode targets = out.putObject("targets");
    targets.put("symbol_rate_to_budget", "every symbol within 0.5 to 1.5");
    targets.put("alerts_per_symbol_day", "within 25% of the budget");
    System.out.println(json.writeValueAsString(out));
    BenchRuns.deleteTree(home);
  }
}
