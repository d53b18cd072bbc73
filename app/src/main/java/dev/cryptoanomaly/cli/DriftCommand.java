package dev.cryptoanomaly.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.cryptoanomaly.BadArgumentException;
import dev.cryptoanomaly.Numbers;
import dev.cryptoanomaly.model.ModelRef;
import dev.cryptoanomaly.model.registry.ModelRegistry;
import dev.cryptoanomaly.model.registry.Registries;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.store.Stores;
import dev.cryptoanomaly.train.drift.DriftCheck;
import dev.cryptoanomaly.train.drift.DriftReport;
import dev.cryptoanomaly.train.drift.PopulationStability;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code drift}: how far recent candles have moved from those a model was trained on. */
@Command(
    name = "drift",
    mixinStandardHelpOptions = true,
    description = {
      "Compare the last --days of a model's series with its training period: each feature's"
          + " population stability index (PSI) and that of the model's scores, pooled and per"
          + " symbol, and the alert rate then and now. PSI below 0.1 is stable, 0.1 to 0.25 a"
          + " moderate shift, above 0.25 a significant one.",
      "Examples: drift | drift --model crypto-anomaly@3 --days 14 --json"
    })
final class DriftCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @Option(
      names = "--model",
      defaultValue = ModelRef.DEFAULT,
      description = "NAME, NAME@ALIAS or NAME@VERSION (default ${DEFAULT-VALUE}).")
  String model;

  @Option(
      names = "--days",
      defaultValue = "7",
      description =
          "The recent window, ending at the newest stored candle (default ${DEFAULT-VALUE}).")
  int days;

  @Option(names = "--json", description = "The report as one JSON object.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (days < 1 || days > 3_650) {
      throw new BadArgumentException("days", "must be 1 to 3650, got " + days);
    }
    ModelRef ref = ModelRef.parse(model);
    ModelRegistry registry = Registries.open(main.settings());
    ModelRegistry.Version version = registry.resolve(ref);
    PrintWriter out = main.out();
    try (KlineStore store = Stores.open(main.settings())) {
      DriftCheck check = DriftCheck.measure(registry, store, version, days);
      DriftReport r = check.report();
      String referenceFrom = Numbers.instant(check.referenceFrom());
      String referenceTo = Numbers.instant(check.referenceTo());
      String recentFrom = Numbers.instant(check.recentFrom());
      String recentTo = Numbers.instant(check.recentTo());
      if (json) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("model", version.ref().toString());
        doc.put("reference", Map.of("from", referenceFrom, "to", referenceTo));
        doc.put("recent", Map.of("from", recentFrom, "to", recentTo));
        doc.put("report", r);
        doc.put("worst", r.worst());
        doc.put("level", PopulationStability.level(r.worst()));
        out.println(
            new ObjectMapper()
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .writeValueAsString(doc));
        return 0;
      }
      out.printf(
          "%s: training part %s to %s (%,d rows) against the last %d days, %s to %s (%,d rows)%n",
          version.ref(),
          referenceFrom,
          referenceTo,
          r.referenceRows(),
          days,
          recentFrom,
          recentTo,
          r.recentRows());
      out.printf("%-22s %10s %-12s %s%n", "feature", "PSI", "level", "most moved symbol");
      Map<String, Map.Entry<String, Double>> bySymbol = r.worstBySymbol();
      r.features().forEach((f, psi) -> out.println(row(f, psi, r)));
      out.println(row(DriftReport.SCORE, r.score(), r));
      out.printf(
          Locale.ROOT,
          "alerts per symbol-day: %s then, %s now; worst PSI %s (%s)%n",
          Numbers.format(r.referenceAlertsPerSymbolDay()),
          Numbers.format(r.recentAlertsPerSymbolDay()),
          Numbers.format(r.worst()),
          PopulationStability.level(r.worst()));
      if (!bySymbol.isEmpty()) {
        out.println("per symbol, what moved most:");
        bySymbol.forEach(
            (symbol, e) ->
                out.printf(
                    "  %-12s %-22s %10s %s%n",
                    symbol,
                    e.getKey(),
                    Numbers.format(e.getValue()),
                    PopulationStability.level(e.getValue())));
      }
    }
    return 0;
  }

  private static String row(String name, double psi, DriftReport r) {
    return String.format(
        "%-22s %10s %-12s %s",
        name,
        Numbers.format(psi),
        PopulationStability.level(psi),
        r.mostMoved(name).map(e -> e.getKey() + " " + Numbers.format(e.getValue())).orElse(""));
  }
}
