package dev.cryptoanomaly.cli;

import dev.cryptoanomaly.binance.CollectReport;
import dev.cryptoanomaly.binance.CollectRequest;
import dev.cryptoanomaly.binance.HttpFetcher;
import dev.cryptoanomaly.config.Settings;
import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Market;
import dev.cryptoanomaly.kline.Symbols;
import dev.cryptoanomaly.model.ModelRef;
import dev.cryptoanomaly.simulate.SyntheticCollector;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.store.Stores;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code demo}: the main job on the embedded default. Collects the default symbols for a short
 * period from Binance, or, when Binance cannot be reached, says so and simulates them instead;
 * prints coverage; then trains a Gaussian mixture through the same commands a user would run,
 * detects over the last day and, on simulated data, evaluates against the simulator's labels.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Collect the five default pairs for a few days (simulated when Binance is unreachable), show"
            + " coverage, train a model, detect over the last day and evaluate on simulated labels.")
final class DemoCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @Option(
      names = "--days",
      defaultValue = "2",
      description = "Days to collect (default ${DEFAULT-VALUE}).")
  int days;

  @Option(
      names = "--no-serve",
      description = "End after the evaluation instead of serving the dashboard on 127.0.0.1:8501.")
  boolean noServe;

  @Override
  public Integer call() throws InterruptedException {
    int code = steps();
    if (code != 0 || noServe) {
      return code;
    }
    main.out().println();
    main.out().println("$ crypto-anomaly dashboard");
    DashboardCommand.serve(
        main,
        new dev.cryptoanomaly.web.DashboardOptions(
            dev.cryptoanomaly.web.DashboardOptions.DEFAULT_HOST, 8501, null),
        dev.cryptoanomaly.web.DashboardServices.none());
    return 0;
  }

  private int steps() {
    Settings settings = main.settings();
    var out = main.out();
    out.println("data folder: " + settings.home());
    LocalDate today = LocalDate.now(main.clock().withZone(ZoneOffset.UTC));
    int code = 0;
    try (KlineStore store = Stores.open(settings)) {
      Optional<String> unreachable = probe(settings.archiveUrl());
      if (unreachable.isEmpty()) {
        out.println(
            "collecting "
                + Symbols.DEFAULTS
                + " 1m klines for "
                + days
                + " days from "
                + dev.cryptoanomaly.config.Redaction.url(settings.archiveUrl()));
        CollectRequest request =
            new CollectRequest(
                Market.SPOT, Symbols.DEFAULTS, Interval.M1, today.minusDays(days), today);
        CollectReport report = CollectCommand.collectFromBinance(settings, store, request, main, 8);
        code = Reports.printCollect(report, out, main.err());
      } else {
        out.println(
            "Binance is unreachable ("
                + unreachable.get()
                + "): using the simulated market instead.");
        long now = main.clock().millis();
        Instant start = today.minusDays(days).atStartOfDay(ZoneOffset.UTC).toInstant();
        int minutes = (int) ((now - start.toEpochMilli()) / 60_000L);
        Path labels = settings.home().resolve("labels/synthetic-42.csv");
        boolean replacing = java.nio.file.Files.exists(labels);
        SyntheticCollector.Collected m =
            new SyntheticCollector(store)
                .collect(Symbols.DEFAULTS, start, minutes, 42, labels, now);
        out.printf(
            "simulated %,d 1m candles for %d symbols (seed 42) with %d labelled anomalies in %s%s%n",
            m.rows(),
            Symbols.DEFAULTS.size(),
            m.labels().size(),
            labels,
            replacing ? " (replacing the previous run's labels)" : "");
      }
      out.println();
      Reports.printCoverage(store.coverage(), out);
      simulatedLabels =
          unreachable.isPresent() ? settings.home().resolve("labels/synthetic-42.csv") : null;
    }
    if (code != 0) {
      return code;
    }
    return modelSteps();
  }

  private Path simulatedLabels;

  /** train, detect and (on simulated data) evaluate, as a user would type them. */
  private int modelSteps() {
    // The series the demo collected, named: a store that also holds other markets or intervals
    // (imported real 5m files, say) would otherwise leave train to ask which one.
    String[] train =
        new String[] {
          "train",
          "--model",
          "gmm",
          "--clusters",
          "2-6",
          "--market",
          Market.SPOT.cliName(),
          "--interval",
          Interval.M1.archiveName(),
          "--symbols",
          String.join(",", Symbols.DEFAULTS)
        };
    int trainedCode = run(train);
    if (trainedCode != 0) {
      return trainedCode;
    }
    // Detect and evaluate with the version just trained, not the champion: in a store that holds
    // other models (a 5m one trained on imported files, say), the champion may watch other candles.
    String trained = ModelRef.DEFAULT_NAME + "@" + latestVersion();
    java.util.List<String[]> rest = new java.util.ArrayList<>();
    rest.add(new String[] {"detect", "--days", "1", "--model", trained});
    if (simulatedLabels != null) {
      rest.add(
          new String[] {
            "evaluate", "--labels", simulatedLabels.toString(), "--test-period", "--models", trained
          });
    }
    for (String[] step : rest) {
      int code = run(step);
      if (code != 0) {
        return code;
      }
    }
    return 0;
  }

  private int run(String[] step) {
    main.out().println();
    main.out().println("$ crypto-anomaly " + String.join(" ", step));
    return main.execute(step, main.out(), main.err());
  }

  private int latestVersion() {
    return dev.cryptoanomaly.model.registry.Registries.open(main.settings())
        .versions(ModelRef.DEFAULT_NAME)
        .stream()
        .mapToInt(dev.cryptoanomaly.model.registry.ModelRegistry.Version::version)
        .max()
        .orElseThrow(() -> new IllegalStateException("train registered no version"));
  }

  /** Empty when the archive answers; otherwise why not. */
  private static Optional<String> probe(URI archive) {
    HttpFetcher quick =
        new HttpFetcher(
            new HttpFetcher.RetrySettings(0, Duration.ofMillis(100), Duration.ofMillis(200)),
            Duration.ofSeconds(10));
    try {
      quick.getString(URI.create(archive + "/"));
      return Optional.empty();
    } catch (HttpFetcher.UnreachableException e) {
      return Optional.of(e.getMessage());
    }
  }
}
