package dev.cryptoanomaly.cli;

import dev.cryptoanomaly.UserException;
import dev.cryptoanomaly.features.Exclusion;
import dev.cryptoanomaly.features.Feature;
import dev.cryptoanomaly.features.FeatureJob;
import dev.cryptoanomaly.features.FeatureRegistry;
import dev.cryptoanomaly.features.FeatureSpec;
import dev.cryptoanomaly.features.SeriesFeatures;
import dev.cryptoanomaly.kline.DateRange;
import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Market;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.store.Stores;
import dev.cryptoanomaly.train.SeriesSelection;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code features}: compute and store features of stored series, as the original command did. */
@Command(
    name = "features",
    mixinStandardHelpOptions = true,
    description = {
      "Compute features of the stored candles and store them. Rows that must not reach a model"
          + " (window not complete after a gap, zero volume, zero baseline) are stored as excluded"
          + " and counted.",
      "Examples: features 30 | features --start 2020-03-01 --end 2020-03-31 --features spec",
      "Period: the last 30 days unless --days or --start says otherwise."
    })
final class FeaturesCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @Mixin PeriodOptions period;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "DAYS",
      description = "Days back from today (same as --days).")
  Integer positionalDays;

  @Option(names = "--symbols", split = ",", description = "Only these pairs (default: all stored).")
  List<String> symbols;

  @Option(names = "--interval", description = "Only this interval (default: all stored).")
  Interval interval;

  @Option(names = "--market", description = "Only this market: spot or futures-um.")
  Market market;

  @Option(
      names = "--features",
      defaultValue = "all",
      description =
          "Comma-separated feature names, 'spec' for the six of the specification, or 'all'"
              + " (default ${DEFAULT-VALUE}). See --list.")
  String features;

  @Option(names = "--list", description = "List the features with their descriptions and exit.")
  boolean list;

  @Override
  public Integer call() {
    PrintWriter out = main.out();
    if (list) {
      printRegistry(out);
      return 0;
    }
    FeatureSpec spec = FeatureSpec.parse(features);
    LocalDate today = LocalDate.now(main.clock().withZone(ZoneOffset.UTC));
    DateRange range = period.resolve(positionalDays, today, 30);
    SeriesSelection selection = SeriesSelection.of(symbols, interval, market);
    try (KlineStore store = Stores.open(main.settings())) {
      List<SeriesKey> series = selection.in(store);
      if (series.isEmpty()) {
        throw new UserException(
            "no stored series match; run 'crypto-anomaly collect' first or check --symbols,"
                + " --interval and --market");
      }
      FeatureJob job = new FeatureJob(store);
      long[] counted = {0, 0, 0}; // rows, valid, series with a feature unavailable
      // A series per core, written and printed in order; past SeriesProgress.WORTH_SHOWING series
      // only those needing attention are named, the rest summed up.
      boolean each = series.size() < SeriesProgress.WORTH_SHOWING;
      SeriesProgress progress = SeriesProgress.forConsole(main.err(), series.size());
      try {
        InOrder.run(
            series,
            s -> job.computeAndStore(s, spec, range.fromMillis(), range.toMillis()),
            result -> {
              counted[0] += result.frame().rows();
              counted[1] += result.frame().validRows();
              if (!result.unavailable().isEmpty()) {
                counted[2]++;
              }
              if (each || !result.unavailable().isEmpty()) {
                printSeries(out, result);
              }
              progress.seriesDone(result.frame().rows());
            });
      } finally {
        progress.finished();
      }
      long total = counted[0];
      out.printf(
          "features %s to %s: %,d series, %,d rows, %,d valid%s, stored in %s%n",
          range.start(),
          range.end(),
          series.size(),
          total,
          counted[1],
          counted[2] == 0
              ? ""
              : String.format(
                  java.util.Locale.ROOT, "; %,d series lack a feature (named above)", counted[2]),
          store.describe());
      if (total == 0) {
        out.println(
            "no candles in that period; 'crypto-anomaly status' shows what the store holds");
      }
    }
    return 0;
  }

  private static void printSeries(PrintWriter out, SeriesFeatures r) {
    Map<Exclusion, Integer> excluded = r.frame().excluded();
    out.printf(
        "%-28s %,9d rows %,9d valid%s%n",
        r.series(),
        r.frame().rows(),
        r.frame().validRows(),
        excluded.isEmpty()
            ? ""
            : "  excluded: "
                + excluded.entrySet().stream()
                    .map(e -> e.getKey().id() + " " + e.getValue())
                    .collect(Collectors.joining(", ")));
    r.unavailable().forEach((f, why) -> out.printf("  %s unavailable: %s%n", f.id(), why));
  }

  private static void printRegistry(PrintWriter out) {
    out.printf("features, registry version %s%n", FeatureRegistry.VERSION);
    for (Feature f : FeatureRegistry.all()) {
      String spec = FeatureRegistry.SPECIFICATION.contains(f) ? " [spec]" : "";
      out.printf(
          "  %-24s window %2d candles, needs %-9s%s%n      %s%n",
          f.id(),
          f.need(),
          f.input().name().toLowerCase(java.util.Locale.ROOT),
          spec,
          f.description());
    }
  }
}
