package dev.cryptoanomaly.cli;

import dev.cryptoanomaly.Numbers;
import dev.cryptoanomaly.UserException;
import dev.cryptoanomaly.alert.Alert;
import dev.cryptoanomaly.alert.AlertPolicy;
import dev.cryptoanomaly.alert.Incident;
import dev.cryptoanomaly.alert.IncidentSource;
import dev.cryptoanomaly.alert.PriceMove;
import dev.cryptoanomaly.config.Settings;
import dev.cryptoanomaly.detect.Explanation;
import dev.cryptoanomaly.kline.DateRange;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.model.ModelRef;
import dev.cryptoanomaly.model.SeriesRows;
import dev.cryptoanomaly.model.TrainedModel;
import dev.cryptoanomaly.model.registry.IncidentWatch;
import dev.cryptoanomaly.model.registry.ModelChoice;
import dev.cryptoanomaly.model.registry.ModelRegistry;
import dev.cryptoanomaly.model.registry.Registries;
import dev.cryptoanomaly.online.AlertJson;
import dev.cryptoanomaly.report.PriceMoves;
import dev.cryptoanomaly.store.IncidentLedger;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.store.StoredAnomaly;
import dev.cryptoanomaly.store.Stores;
import dev.cryptoanomaly.train.TrainingData;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code detect}: run a registered model over stored candles and store its alerts. */
@Command(
    name = "detect",
    mixinStandardHelpOptions = true,
    description = {
      "Score stored candles with a registered model (its champion by default), group hits into"
          + " alerts with its calibrated threshold and cooldown, explain each, store them and print"
          + " them.",
      "Examples: detect --days 7 | detect --symbols BTCUSDT --start 2020-03-11 --end 2020-03-13"
          + " --json",
      "Period: the last 7 days unless --days or --start says otherwise."
    })
final class DetectCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @Mixin PeriodOptions period;

  @Option(
      names = "--model",
      defaultValue = ModelRef.DEFAULT,
      description = "NAME, NAME@ALIAS or NAME@VERSION (default ${DEFAULT-VALUE}).")
  String model;

  @Option(names = "--symbols", split = ",", description = "Pairs (default: the model's).")
  List<String> symbols;

  @Option(names = "--json", description = "One JSON object per alert instead of a table.")
  boolean json;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = main.out();
    ModelRef ref = ModelRef.parse(model);
    ModelRegistry registry = Registries.open(main.settings());
    ModelChoice choice =
        ModelChoice.resolve(
            registry,
            ref,
            symbols == null ? null : dev.cryptoanomaly.kline.Symbols.normaliseAll(symbols));
    LocalDate today = LocalDate.now(main.clock().withZone(ZoneOffset.UTC));
    DateRange range = period.resolve(null, today, 7);
    long total = 0;
    long rows = 0;
    if (!json) {
      out.printf(
          "%-13s %-10s %-20s %-20s %6s %8s %10s %9s %10s %-8s %5s  %s%n",
          "id",
          "symbol",
          "onset (UTC)",
          "peak (UTC)",
          "lasts",
          "move",
          "close",
          "score",
          "p",
          "severity",
          "hits",
          "explanation");
    }
    try (KlineStore store = Stores.open(main.settings())) {
      List<SeriesTask> tasks = new ArrayList<>();
      for (var group : choice.groups().entrySet()) {
        ModelRegistry.Version version = group.getKey();
        TrainedModel m = registry.load(version.name(), version.version());
        for (SeriesKey key : seriesOf(store, m, group.getValue(), ref)) {
          tasks.add(new SeriesTask(version, m, key));
        }
      }
      SeriesProgress progress = SeriesProgress.forConsole(main.err(), tasks.size());
      // One series at a time per core: memory holds a few series' rows, never the whole period of
      // every symbol. Reading is the store's (one connection); features and scoring run in
      // parallel. Results are stored and printed in the tasks' order, so output is reproducible.
      long[] counted = {0, 0};
      try {
        InOrder.run(
            tasks,
            task -> task.detect(store, range, main.clock().millis()),
            r -> {
              for (Found f : r.found()) {
                print(out, r.series(), f);
              }
              store.replaceAnomalies(
                  r.series(),
                  r.version().name(),
                  r.version().version(),
                  range.fromMillis(),
                  range.toMillis(),
                  r.found().stream().map(Found::stored).toList());
              counted[0] += r.found().size();
              counted[1] += r.rows();
              progress.seriesDone(r.rows());
            });
      } finally {
        progress.finished();
      }
      total = counted[0];
      rows = counted[1];
      List<Incident> incidents =
          rebuildIncidents(registry, store, choice, range, main.settings(), main.clock().millis());
      if (!json) {
        out.printf(
            "%,d alerts from %,d candles of %s, %s to %s, by %s; stored in %s%n",
            total,
            rows,
            Reports.symbolList(List.copyOf(choice.bySymbol().keySet())),
            range.start(),
            range.end(),
            choice.groups().keySet().stream()
                .map(v -> v.ref().toString())
                .collect(Collectors.joining(",")),
            store.describe());
        Reports.incidentSummary(out, incidents);
      }
    }
    return 0;
  }

  /** One series to detect with one model version. */
  private record SeriesTask(ModelRegistry.Version version, TrainedModel model, SeriesKey series) {
    SeriesResult detect(KlineStore store, DateRange range, long detectedAt) {
      SeriesRows p =
          TrainingData.load(
                  store, List.of(series), model.spec(), range.fromMillis(), range.toMillis())
              .getFirst();
      AlertPolicy.Scored scored = model.score(List.of(p)).getFirst();
      List<Found> found = new ArrayList<>();
      for (Alert a : model.policy().alerts(scored)) {
        Explanation e = model.detector().explain(p.rows().row(a.peakIndex()));
        StoredAnomaly stored =
            new StoredAnomaly(
                a.peak(),
                version.name(),
                version.version(),
                a.firstHit(),
                a.lastHit(),
                a.hits(),
                a.score(),
                a.probability(),
                a.severity(),
                e.toJson(),
                detectedAt);
        found.add(new Found(a, e, stored, PriceMoves.of(store, series, stored)));
      }
      return new SeriesResult(version, series, p.size(), found);
    }
  }

  /** What detection found in one series, alert by alert. */
  private record SeriesResult(
      ModelRegistry.Version version, SeriesKey series, int rows, List<Found> found) {}

  /**
   * One alert with its explanation, its stored form and its price move (null when the candles are
   * gone).
   */
  private record Found(
      Alert alert, Explanation explanation, StoredAnomaly stored, PriceMove move) {}

  /**
   * Builds the incidents of every source the run stored alerts for, over its period: once per
   * pooled version or per-symbol family, after all its series.
   */
  /**
   * Rebuilds, as alert groups now stand, the incidents of the chosen versions in the period (also
   * what {@code flink backfill} does after storing its alerts).
   */
  static List<Incident> rebuildIncidents(
      ModelRegistry registry,
      KlineStore store,
      ModelChoice choice,
      DateRange range,
      Settings settings,
      long nowMillis) {
    Map<IncidentSource, IncidentWatch> watches = new LinkedHashMap<>();
    for (ModelRegistry.Version v : choice.groups().keySet()) {
      IncidentWatch w = IncidentWatch.of(registry, v.name(), v.version());
      watches.putIfAbsent(w.source(), w);
    }
    List<Incident> out = new ArrayList<>();
    for (IncidentWatch w : watches.values()) {
      out.addAll(
          IncidentLedger.rebuild(
              store,
              w.source(),
              w.builder(settings.incidentRule()),
              range.fromMillis(),
              range.toMillis(),
              nowMillis));
    }
    return out;
  }

  /** The stored series of these symbols in the model's market and interval. */
  static List<SeriesKey> seriesOf(
      KlineStore store, TrainedModel m, List<String> symbols, ModelRef ref) {
    List<SeriesKey> stored = store.series();
    List<SeriesKey> series = new ArrayList<>();
    for (String s : symbols) {
      SeriesKey key = new SeriesKey(m.market(), s, m.interval());
      if (!stored.contains(key)) {
        throw new UserException(
            "no "
                + key
                + " candles in the store; the model "
                + ref
                + " takes "
                + m.market()
                + " "
                + m.interval().archiveName()
                + " candles");
      }
      series.add(key);
    }
    return series;
  }

  /** An alert's extent, first hit to the end of its last candle: {@code 5m}, {@code 2h10m}. */
  static String lasts(long millis) {
    long minutes = millis / 60_000;
    if (minutes < 60) {
      return minutes + "m";
    }
    return minutes % 60 == 0 ? minutes / 60 + "h" : minutes / 60 + "h" + minutes % 60 + "m";
  }

  private void print(PrintWriter out, SeriesKey series, Found found) {
    StoredAnomaly stored = found.stored();
    Alert a = found.alert();
    Explanation e = found.explanation();
    PriceMove move = found.move();
    if (json) {
      // The shape alerts --json prints for the stored alert, so that scripts read one shape.
      out.println(AlertJson.of(series, stored).toJson());
      return;
    }
    String why =
        e.contributions().stream()
            .limit(3)
            .map(
                c ->
                    String.format(
                        Locale.ROOT,
                        "%s %.0f%% %s (%s vs typical %s)",
                        c.feature(),
                        100 * c.share(),
                        c.direction(),
                        Numbers.format(c.value()),
                        Numbers.format(c.typical())))
            .collect(Collectors.joining("; "));
    out.printf(
        Locale.ROOT,
        "%-13s %-10s %-20s %-20s %6s %8s %10s %9s %10s %-8s %5d  %s%n",
        new dev.cryptoanomaly.store.SeriesAnomaly(series, stored).id(),
        a.symbol(),
        Numbers.instant(a.firstHit()),
        Numbers.instant(a.peak()),
        lasts(a.lastHit() - a.firstHit() + series.interval().millis()),
        move == null ? Numbers.UNDEFINED : Numbers.change(move.change()),
        move == null ? Numbers.UNDEFINED : Numbers.format(move.peakClose()),
        Numbers.format(a.score()),
        Numbers.probability(a.probability()),
        a.severity().id(),
        a.hits(),
        why);
  }
}
