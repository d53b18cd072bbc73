package dev.cryptoanomaly.cli;

import picocli.CommandLine.Command;

/** {@code flink}: the Flink job, run embedded on this machine. */
@Command(
    name = "flink",
    mixinStandardHelpOptions = true,
    subcommands = {FlinkRunCommand.class, FlinkBackfillCommand.class},
    description = {
      "Live detection as an Apache Flink job, on a local mini cluster in this process; the same"
          + " job runs on a Flink cluster from flink/target/crypto-anomaly-flink-job.jar."
    })
final class FlinkCommand {}
