package dev.cryptoanomaly.cli;

import dev.cryptoanomaly.Numbers;
import dev.cryptoanomaly.UserException;
import dev.cryptoanomaly.alert.AlertPolicy;
import dev.cryptoanomaly.detect.CovarianceType;
import dev.cryptoanomaly.features.FeatureSpec;
import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Market;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.model.ModelKind;
import dev.cryptoanomaly.model.ModelNames;
import dev.cryptoanomaly.model.ModelRef;
import dev.cryptoanomaly.model.Trial;
import dev.cryptoanomaly.model.registry.ModelChoice;
import dev.cryptoanomaly.model.registry.ModelRegistry;
import dev.cryptoanomaly.model.registry.Registries;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.store.Stores;
import dev.cryptoanomaly.train.ClusterRange;
import dev.cryptoanomaly.train.ModelPeriod;
import dev.cryptoanomaly.train.Registration;
import dev.cryptoanomaly.train.SeriesSelection;
import dev.cryptoanomaly.train.TrainRequest;
import dev.cryptoanomaly.train.Trainer;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code train}: fit, tune, calibrate and register a model. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Train a detector on stored candles: chronological split (60%% train, 20%% validation, 20%%"
          + " test, by time), a search over clusters (and covariance for gmm) chosen by detection"
          + " of injected anomalies first, calibration and an alert threshold from the budget on"
          + " validation, a report on test. The model is registered; the first version of a name"
          + " becomes its champion.",
      "Examples: train --model kmeans --clusters 2-15 | train --model gmm --symbols BTCUSDT,ETHUSDT"
          + " --start 2024-01-01 --end 2024-06-30",
      "Period: everything stored (of the chosen series) unless --days or --start says otherwise."
    })
final class TrainCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @Mixin PeriodOptions dates;

  @Option(
      names = "--model",
      defaultValue = "kmeans",
      description = "kmeans, gmm, iforest or robust_z (default ${DEFAULT-VALUE}).")
  String model;

  @Option(
      names = "--clusters",
      defaultValue = "8",
      description =
          "Clusters or components: a number or a range such as 2-15 to search (default ${DEFAULT-VALUE}).")
  String clusters;

  @Option(
      names = "--covariance",
      defaultValue = "full,diagonal",
      split = ",",
      description = "gmm covariance types to search (default ${DEFAULT-VALUE}).")
  List<String> covariance;

  @Option(
      names = "--features",
      defaultValue = "spec",
      description =
          "Feature names, 'spec' (the six of the specification, default) or 'all'; see 'features --list'.")
  String features;

  @Option(
      names = "--symbols",
      split = ",",
      description = "Pairs to train on (default: all stored).")
  List<String> symbols;

  @Option(names = "--interval", description = "Interval (needed when several are stored).")
  Interval interval;

  @Option(names = "--market", description = "spot or futures-um (needed when both are stored).")
  Market market;

  @Option(
      names = "--alerts-per-day",
      defaultValue = "2",
      description = "Alert budget per symbol per day (default ${DEFAULT-VALUE}).")
  double alertsPerDay;

  @Option(
      names = "--cooldown",
      defaultValue = dev.cryptoanomaly.alert.Cooldown.DEFAULT_TEXT,
      description =
          "Hits of a series at most this long apart form one alert, the same time at every"
              + " interval: 30m, 2h, 90s (default ${DEFAULT-VALUE}).")
  String cooldown;

  @Option(
      names = "--max-rows",
      defaultValue = "1000000",
      description =
          "The most training rows a fit takes: beyond it, a sample stratified by symbol and by"
              + " time, so that memory does not grow with the stored data (default"
              + " ${DEFAULT-VALUE}).")
  int maxRows;

  @Option(
      names = "--calibration",
      defaultValue = "per-symbol",
      description =
          "per-symbol: each symbol's own tail probabilities (shrunk toward the pooled tail for"
              + " symbols with little history), so that a volatile pair does not take the whole"
              + " budget; pooled: one calibration for all (default ${DEFAULT-VALUE}).")
  String calibration;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Seed of the fit and the injected anomalies (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--name",
      defaultValue = ModelRef.DEFAULT_NAME,
      description = "Registered model name (default ${DEFAULT-VALUE}).")
  String name;

  @Option(
      names = "--per-symbol",
      description =
          "One model per symbol, registered as NAME.SYMBOL, instead of one pooled model; detect"
              + " and evaluate with --model NAME use each symbol's own.")
  boolean perSymbol;

  @Override
  public Integer call() {
    PrintWriter out = main.out();
    // Everything a user can get wrong is checked before features and trials cost minutes.
    if (!(alertsPerDay > 0) || !Double.isFinite(alertsPerDay)) {
      throw new UserException(
          "--alerts-per-day must be a number above 0, got " + Numbers.format(alertsPerDay));
    }
    java.time.Duration cooldownTime;
    try {
      cooldownTime = dev.cryptoanomaly.alert.Cooldown.parse(cooldown);
    } catch (UserException e) {
      throw new UserException("--cooldown " + e.getMessage(), e);
    }
    ModelNames.require(name);
    if (maxRows < 1_000) {
      throw new dev.cryptoanomaly.BadArgumentException(
          "max-rows", "must be at least 1,000, got " + Numbers.format(maxRows));
    }
    boolean perSymbolCalibration =
        switch (calibration) {
          case "per-symbol" -> true;
          case "pooled" -> false;
          default ->
              throw new dev.cryptoanomaly.BadArgumentException(
                  "calibration", "is per-symbol or pooled, not '" + calibration + "'");
        };
    ModelKind kind = ModelKind.parse(model);
    ClusterRange range = TrainRequest.clusters(kind, clusters);
    List<CovarianceType> covariances = covariance.stream().map(CovarianceType::parse).toList();
    FeatureSpec spec = TrainRequest.features(kind, features);
    SeriesSelection selection = SeriesSelection.of(symbols, interval, market);
    LocalDate today = LocalDate.now(main.clock().withZone(ZoneOffset.UTC));
    ModelRegistry registry = Registries.open(main.settings());
    registry.names(); // reaches the MLflow server now, not after the training
    try (KlineStore store = Stores.open(main.settings())) {
      ModelPeriod period =
          ModelPeriod.resolve(
              store, selection, dates.days, dates.startText(), dates.endText(), today);
      List<List<SeriesKey>> runs =
          perSymbol ? period.series().stream().map(List::of).toList() : List.of(period.series());
      for (List<SeriesKey> series : runs) {
        String registered =
            ModelNames.require(
                perSymbol ? ModelChoice.perSymbolName(name, series.get(0).symbol()) : name);
        TrainRequest request =
            new TrainRequest(
                kind,
                range,
                covariances,
                spec,
                series,
                period.from(),
                period.to(),
                alertsPerDay,
                cooldownTime,
                seed,
                perSymbolCalibration,
                maxRows);
        out.printf(
            "training %s on %s %s, %s to %s, features %s%n",
            kind.id(),
            Reports.symbolList(series.stream().map(SeriesKey::symbol).toList()),
            series.get(0).interval().archiveName(),
            Instant.ofEpochMilli(period.from()),
            Instant.ofEpochMilli(period.to()),
            spec.key());
        Trainer.Result result =
            new Trainer(store, step -> out.println("  " + step.message())).train(request);
        printTrials(out, result);
        register(out, registry, registered, result);
      }
    }
    return 0;
  }

  private void register(
      PrintWriter out, ModelRegistry registry, String registered, Trainer.Result result) {
    Registration.Registered r =
        Registration.register(registry, registered, result, main.clock().instant());
    int v = r.version().version();
    out.printf("registered %s@%d in the %s%n", registered, v, registry.describe());
    if (r.crowned()) {
      out.printf("%s@%d is the champion (the first version of %s)%n", registered, v, registered);
    } else {
      out.printf(
          "the champion is unchanged; compare and promote with: crypto-anomaly models promote"
              + " %s %d%n",
          registered, v);
    }
  }

  private static void printTrials(PrintWriter out, Trainer.Result r) {
    List<String> columns =
        List.of(
            "injected_recall",
            "injected_auc",
            "bic",
            "silhouette",
            "davies_bouldin",
            "calinski_harabasz",
            "fit_seconds");
    out.printf("%-5s %-28s", "trial", "settings");
    columns.forEach(c -> out.printf(" %17s", c));
    out.println();
    for (Trial t : r.trials()) {
      out.printf("%-5s %-28s", t.number() + (t == r.chosen() ? "*" : ""), t.settings().toString());
      for (String c : columns) {
        Double v = t.metrics().get(c);
        out.printf(" %17s", v == null ? Numbers.UNDEFINED : Numbers.format(v));
      }
      out.println();
    }
    out.print("test:");
    r.testMetrics().forEach((k, v) -> out.printf(" %s=%s", k, Numbers.format(v)));
    out.println();
    AlertPolicy p = r.model().policy();
    out.printf(
        "alert policy: tail probability <= %s, cooldown %s, budget %s per symbol-day%n",
        Numbers.format(p.threshold()),
        dev.cryptoanomaly.alert.Cooldown.format(java.time.Duration.ofMillis(p.cooldownMillis())),
        Numbers.format(p.alertsPerSymbolDay()));
    out.println(Reports.calibration(r.model().calibration()));
    Double fitted = r.testMetrics().get("train_rows_fitted");
    Double available = r.testMetrics().get("train_rows_available");
    if (fitted != null && available != null && fitted < available) {
      out.printf(
          "fitted on %s of %s training rows (stratified by symbol and time; --max-rows)%n",
          Numbers.count(fitted.longValue()), Numbers.count(available.longValue()));
    }
    if (r.trials().size() > 1) {
      out.println(
          "* chosen: highest injected recall, then injected AUC, then lower BIC or higher silhouette");
    }
  }
}
