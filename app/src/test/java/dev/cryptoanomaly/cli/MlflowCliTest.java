package dev.cryptoanomaly.cli;

import static dev.cryptoanomaly.cli.BadInputTest.assertOneLineUserError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cryptoanomaly.testkit.Cli;
import dev.cryptoanomaly.testkit.TestMlflow;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With MLFLOW_TRACKING_URI set, train registers on the server and detect loads its champion. */
@Tag("mlflow")
class MlflowCliTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-10T00:00:00Z"), ZoneOffset.UTC);

  @TempDir Path home;

  @Test
  void trainRegistersOnTheServerAndDetectUsesItsChampion() {
    Map<String, String> env = new HashMap<>();
    env.put("CRYPTO_ANOMALY_HOME", home.toString());
    Cli.Result collected =
        Cli.run(
            env, CLOCK, "collect", "8", "--source", "synthetic", "--symbols", "BTCUSDT,ETHUSDT");
    assertThat(collected.exit()).as(collected.err()).isZero();
    env.put("MLFLOW_TRACKING_URI", TestMlflow.server().toString());
    String name = "cli-" + UUID.randomUUID().toString().substring(0, 8);
    Cli.Result trained =
        Cli.run(env, CLOCK, "train", "--model", "kmeans", "--clusters", "2-3", "--name", name);
    assertThat(trained.exit()).as(trained.err()).isZero();
    assertThat(trained.out()).contains("registered " + name + "@1 in the MLflow server");
    Cli.Result detected = Cli.run(env, CLOCK, "detect", "--model", name, "--days", "2");
    assertThat(detected.exit()).as(detected.err()).isZero();
    assertThat(detected.out()).contains("by " + name + "@1");
    Cli.Result listed = Cli.run(env, CLOCK, "models", "list", name);
    assertThat(listed.out()).containsPattern(name + " +1 champion +kmeans");
    Cli.Result evaluated =
        Cli.run(
            env,
            CLOCK,
            "evaluate",
            "--labels",
            home.resolve("labels/synthetic-42.csv").toString(),
            "--models",
            name + "@champion");
    assertThat(evaluated.exit()).as(evaluated.err()).isZero();
    assertThat(evaluated.out()).containsPattern("logged to run [0-9a-f]+ on the MLflow server");
    env.put("MLFLOW_TRACKING_URI", "file:///tmp/mlruns");
    assertOneLineUserError(Cli.run(env, CLOCK, "models", "list"), "http(s) URL");
  }
}
