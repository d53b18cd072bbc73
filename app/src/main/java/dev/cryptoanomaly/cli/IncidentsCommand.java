package dev.cryptoanomaly.cli;

import dev.cryptoanomaly.alert.Incident;
import dev.cryptoanomaly.alert.IncidentJson;
import dev.cryptoanomaly.alert.TriageEntry;
import dev.cryptoanomaly.report.IncidentFilters;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.store.Stores;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code incidents}: stored incidents, the latest first. */
@Command(
    name = "incidents",
    mixinStandardHelpOptions = true,
    description = {
      "Show stored incidents with their lead symbol, span, peak severity and scope: market-wide"
          + " while at least CRYPTO_ANOMALY_ALERTS__INCIDENT_MARKET_SHARE, default half, of the"
          + " model's symbols alert together with BTCUSDT (every alert active then is one"
          + " incident); any other alert is a single-asset incident of its own.",
      "Examples: incidents --scope market-wide | incidents --since 2024-08-05 --json"
    })
final class IncidentsCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @Option(names = "--scope", description = "market-wide or single-asset.")
  String scope;

  @Option(
      names = "--since",
      description =
          "A day (2024-08-05) or time (2024-08-05T00:15:00Z): incidents running then or"
              + " later.")
  String since;

  @Option(names = "--symbol", description = "Only incidents this pair is part of.")
  String symbol;

  @Option(names = "--market", description = "spot or futures-um.")
  String market;

  @Option(names = "--interval", description = "Only this interval, such as 5m.")
  String interval;

  @Option(
      names = "--limit",
      defaultValue = "20",
      description = "At most (default ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--json", description = "One JSON object per line.")
  boolean json;

  @Override
  public Integer call() {
    if (limit < 1) {
      throw new dev.cryptoanomaly.BadArgumentException("limit", "must be 1 or more, got " + limit);
    }
    var query = new IncidentFilters(scope, since, symbol, market, interval, limit).query();
    PrintWriter out = main.out();
    try (KlineStore store = Stores.open(main.settings())) {
      List<Incident> found = store.incidents(query);
      Map<String, TriageEntry> triage = found.isEmpty() ? Map.of() : store.triageStates();
      if (json) {
        found.forEach(i -> out.println(IncidentJson.of(i, triage.get(i.id()), null).toJson()));
        return 0;
      }
      if (found.isEmpty()) {
        out.println(
            scope == null && since == null && symbol == null && market == null && interval == null
                ? "no incidents stored yet; run `detect` or `stream`"
                : "no stored incidents match these filters");
        return 0;
      }
      Reports.incidentTable(out, found, triage);
    }
    return 0;
  }
}
