package dev.cryptoanomaly.flink;

import dev.cryptoanomaly.config.Settings;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The job jar's entry point on a Flink cluster ({@code flink run crypto-anomaly-flink-job.jar
 * [MODEL]}): settings from the task managers' environment, as every command reads them; MODEL
 * defaults to {@code crypto-anomaly@champion}.
 */
public final class DetectionJobMain {
  private DetectionJobMain() {}

  public static void main(String[] args) throws Exception {
    String model = args.length > 0 ? args[0] : "crypto-anomaly@champion";
    Path here = Path.of("").toAbsolutePath();
    JobSettings job = JobSettings.of(Settings.load(here).toValues(), here, model);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.enableCheckpointing(Duration.ofSeconds(10).toMillis(), CheckpointingMode.EXACTLY_ONCE);
    DetectionJob.live(env, job);
    env.execute("crypto-anomaly live detection (" + model + ")");
  }
}
