package dev.cryptoanomaly.cli;

import dev.cryptoanomaly.UserException;
import dev.cryptoanomaly.alert.Incident;
import dev.cryptoanomaly.config.Settings;
import dev.cryptoanomaly.flink.DetectionJob;
import dev.cryptoanomaly.flink.JobSettings;
import dev.cryptoanomaly.kline.DateRange;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.kline.Symbols;
import dev.cryptoanomaly.model.ModelRef;
import dev.cryptoanomaly.model.TrainedModel;
import dev.cryptoanomaly.model.registry.ModelChoice;
import dev.cryptoanomaly.model.registry.ModelRegistry;
import dev.cryptoanomaly.model.registry.Registries;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.store.Stores;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code flink backfill}: the job in batch mode over stored candles, storing what detect stores.
 */
@Command(
    name = "backfill",
    mixinStandardHelpOptions = true,
    description = {
      "Decide a stored period with the Flink job in batch execution mode on a local mini cluster:"
          + " the live job's own decisions, every series starting afresh at --start as detect"
          + " scores a period; the period's alerts of the model are replaced by the job's, then"
          + " its incidents rebuilt. Nothing is announced. Kafka is not needed.",
      "Example: crypto-anomaly flink backfill --start 2024-08-01 --end 2024-08-07 --parallelism 2"
    })
final class FlinkBackfillCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin PeriodOptions period;

  @Option(
      names = "--model",
      defaultValue = ModelRef.DEFAULT,
      description = "NAME@ALIAS or NAME@VERSION (default ${DEFAULT-VALUE}); one pooled version.")
  String model;

  @Option(names = "--symbols", split = ",", description = "Pairs (default: the model's).")
  List<String> symbols;

  @Option(
      names = "--parallelism",
      defaultValue = "1",
      description = "Parallel tasks of each operator (default ${DEFAULT-VALUE}).")
  int parallelism;

  @Override
  public Integer call() throws Exception {
    Main main = (Main) spec.parent().parent().userObject();
    if (parallelism < 1 || parallelism > 1_024) {
      throw new UserException("--parallelism must be between 1 and 1024, got " + parallelism);
    }
    Settings settings = main.settings();
    ModelRef ref = ModelRef.parse(model);
    ModelRegistry registry = Registries.open(settings);
    ModelChoice choice =
        ModelChoice.resolve(registry, ref, symbols == null ? null : Symbols.normaliseAll(symbols));
    if (choice.groups().size() != 1) {
      throw new UserException(
          "--model " + model + " is a per-symbol family; backfill takes one pooled version");
    }
    ModelRegistry.Version version = choice.groups().keySet().iterator().next();
    TrainedModel m = registry.load(version.name(), version.version());
    DateRange range = period.resolve(null, LocalDate.now(main.clock().withZone(ZoneOffset.UTC)), 7);
    List<SeriesKey> series;
    try (KlineStore store = Stores.open(settings)) {
      series = DetectCommand.seriesOf(store, m, choice.groups().get(version), ref);
      // As detect does: the period's alerts of this version are replaced by what is found now.
      for (SeriesKey s : series) {
        store.replaceAnomalies(
            s, version.name(), version.version(), range.fromMillis(), range.toMillis(), List.of());
      }
    }
    JobSettings job =
        JobSettings.of(settings.toValues(), settings.home(), version.ref().toString());
    StreamExecutionEnvironment env =
        DetectionJob.localEnvironment(parallelism, Duration.ofMinutes(10));
    DetectionJob.backfill(env, job, series, range.fromMillis(), range.toMillis());
    long t0 = System.nanoTime();
    JobExecutionResult result = env.execute("crypto-anomaly backfill (" + version.ref() + ")");
    double seconds = (System.nanoTime() - t0) / 1e9;
    long decided = counter(result, DetectionJob.DECIDED);
    try (KlineStore store = Stores.open(settings)) {
      List<Incident> incidents =
          DetectCommand.rebuildIncidents(
              registry, store, choice, range, settings, main.clock().millis());
      long alerts = 0;
      for (SeriesKey s : series) {
        alerts += store.anomalies(s, range.fromMillis(), range.toMillis()).size();
      }
      main.out()
          .printf(
              "%,d candles of %,d series decided by %s, %s to %s, in %s s (parallelism %d);"
                  + " %,d alerts stored in %s%n",
              decided,
              series.size(),
              version.ref(),
              range.start(),
              range.end(),
              dev.cryptoanomaly.Numbers.format(seconds),
              parallelism,
              alerts,
              store.describe());
      Reports.incidentSummary(main.out(), incidents);
    }
    return 0;
  }

  /** A counter summed over the job's tasks (accumulators are not kept for metrics). */
  private static long counter(JobExecutionResult result, String name) {
    Object v = result.getAllAccumulatorResults().get(name);
    return v instanceof Number n ? n.longValue() : -1;
  }
}
