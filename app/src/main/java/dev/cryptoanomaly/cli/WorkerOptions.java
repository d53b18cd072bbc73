package dev.cryptoanomaly.cli;

import dev.cryptoanomaly.UserException;
import dev.cryptoanomaly.config.Settings;
import dev.cryptoanomaly.model.ModelRef;
import dev.cryptoanomaly.online.AlertSink;
import dev.cryptoanomaly.stream.AlertSinks;
import dev.cryptoanomaly.stream.ConsoleAlertSink;
import dev.cryptoanomaly.stream.DetectionWorker;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Options of a detection worker, shared by {@code worker} and the in-process {@code stream}. */
final class WorkerOptions {
  @Option(
      names = "--model",
      defaultValue = ModelRef.DEFAULT,
      description =
          "NAME@ALIAS or NAME@VERSION to score with (default ${DEFAULT-VALUE}); an alias is"
              + " re-read every --refresh seconds, so promoting a new champion switches over.")
  String model;

  @Option(
      names = "--refresh",
      defaultValue = "30",
      description =
          "Seconds between registry checks for a new champion (default ${DEFAULT-VALUE}).")
  int refreshSeconds;

  @Option(
      names = "--batch",
      defaultValue = "" + DetectionWorker.Options.DEFAULT_BATCH,
      description = "Most candles taken from the bus at once (default ${DEFAULT-VALUE}).")
  int batch;

  @Option(
      names = "--webhook",
      description =
          "POST each alert as JSON to this URL (default: CRYPTO_ANOMALY_ALERTS__WEBHOOK_URL).")
  String webhook;

  @Option(
      names = "--webhook-limit",
      defaultValue = "" + AlertSinks.DEFAULT_WEBHOOK_LIMIT,
      description = "Most webhook posts per symbol per minute (default ${DEFAULT-VALUE}).")
  int webhookLimit;

  @Option(names = "--json", description = "Print alerts as JSON lines.")
  boolean json;

  /** The console (as {@code --json} says), Redis and the webhook (as {@code --webhook} says). */
  List<AlertSink> sinks(Settings settings, PrintWriter out) {
    if (webhookLimit < 1) {
      throw new UserException("--webhook-limit must be at least 1 alert per symbol per minute");
    }
    return AlertSinks.of(
        settings, new ConsoleAlertSink(out, json), Optional.ofNullable(webhook), webhookLimit);
  }

  DetectionWorker.Options options(Settings settings) {
    if (batch < 1 || batch > 100_000) {
      throw new UserException("--batch must be between 1 and 100000, got " + batch);
    }
    if (refreshSeconds < 1) {
      throw new UserException("--refresh must be at least 1 second, got " + refreshSeconds);
    }
    return new DetectionWorker.Options(
            ModelRef.parse(model),
            batch,
            Duration.ofSeconds(refreshSeconds),
            Duration.ofMillis(200))
        .withIncidents(settings.incidentRule());
  }
}
