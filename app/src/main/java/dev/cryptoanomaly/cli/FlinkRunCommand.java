package dev.cryptoanomaly.cli;

import dev.cryptoanomaly.UserException;
import dev.cryptoanomaly.config.Settings;
import dev.cryptoanomaly.flink.DetectionJob;
import dev.cryptoanomaly.flink.JobSettings;
import dev.cryptoanomaly.model.ModelRef;
import dev.cryptoanomaly.model.registry.Registries;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code flink run}: the live detection job on an embedded mini cluster until interrupted. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Decide the candles `stream` publishes on Kafka (KAFKA_BOOTSTRAP_SERVERS) with the champion,"
          + " in a Flink job on this machine: per-series state checkpointed, decisions and alert"
          + " groups stored as the workers store them, alerts into the Kafka topic"
          + " crypto-anomaly.alerts exactly once. A failed task restarts from the last checkpoint.",
      "Example: KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:9092 crypto-anomaly flink run --parallelism 2"
    })
final class FlinkRunCommand implements Callable<Integer> {
  @ParentCommand FlinkCommand parent;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--model",
      defaultValue = ModelRef.DEFAULT,
      description = "NAME@ALIAS or NAME@VERSION to score with (default ${DEFAULT-VALUE}).")
  String model;

  @Option(
      names = "--parallelism",
      defaultValue = "1",
      description = "Parallel tasks of each operator (default ${DEFAULT-VALUE}).")
  int parallelism;

  @Option(
      names = "--checkpoint-interval",
      defaultValue = "10",
      description =
          "Seconds between checkpoints; alerts reach the topic's committed readers at each"
              + " (default ${DEFAULT-VALUE}).")
  int checkpointSeconds;

  @Option(
      names = "--refresh",
      defaultValue = "30",
      description =
          "Seconds between the job's registry checks for a new champion, whose versions reach"
              + " every task as broadcast state (default ${DEFAULT-VALUE}).")
  int refreshSeconds;

  private Main main() {
    return (Main) spec.parent().parent().userObject();
  }

  @Override
  public Integer call() throws Exception {
    Main main = main();
    Settings settings = main.settings();
    JobSettings job = checked(settings);
    StreamExecutionEnvironment env =
        DetectionJob.localEnvironment(parallelism, Duration.ofSeconds(checkpointSeconds));
    DetectionJob.live(env, job);
    main.err()
        .printf(
            "flink job on a local mini cluster (parallelism %d, checkpoints every %d s) reading"
                + " %s with %s%n",
            parallelism, checkpointSeconds, settings.kafka().candlesTopic(), model);
    main.err().flush();
    env.execute("crypto-anomaly live detection (" + model + ")");
    return 0;
  }

  /** The job's settings, once every user mistake has been said in one line. */
  JobSettings checked(Settings settings) {
    if (parallelism < 1 || parallelism > 1_024) {
      throw new UserException("--parallelism must be between 1 and 1024, got " + parallelism);
    }
    if (checkpointSeconds < 1) {
      throw new UserException(
          "--checkpoint-interval must be at least 1 second, got " + checkpointSeconds);
    }
    if (refreshSeconds < 1) {
      throw new UserException("--refresh must be at least 1 second, got " + refreshSeconds);
    }
    if (settings.kafka().bootstrapServers().isEmpty()) {
      throw new UserException(
          "flink run reads the Kafka candles topic: set KAFKA_BOOTSTRAP_SERVERS");
    }
    ModelRef ref = ModelRef.parse(model);
    Registries.open(settings).resolve(ref); // no champion: one line, before anything starts
    return JobSettings.of(settings.toValues(), settings.home(), model)
        .refreshingEvery(Duration.ofSeconds(refreshSeconds).toMillis());
  }
}
