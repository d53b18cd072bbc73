package dev.cryptoanomaly.cli;

import static dev.cryptoanomaly.cli.BadInputTest.assertOneLineUserError;

import dev.cryptoanomaly.testkit.Cli;
import dev.cryptoanomaly.testkit.SavedModels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A damaged saved version is the environment's failure, not the user's mistake and not a bug: the
 * CLI says in one line which file is damaged and how, with no stack trace.
 */
class DamagedRegistryTest {
  @TempDir Path home;

  @Test
  void aManifestThatIsNotJsonIsOneLineNamingTheFile() throws Exception {
    copyFixture();
    Path manifest = home.resolve("models/fixture/1/manifest.json");
    Files.writeString(manifest, "{ this is not json", StandardCharsets.UTF_8);
    assertOneLineUserError(
        Cli.run(
            Map.of("CRYPTO_ANOMALY_HOME", home.toString()), Clock.systemUTC(), "models", "list"),
        "manifest.json",
        "unreadable manifest");
  }

  @Test
  void aDamagedDetectorFileIsOneLineNamingIt() throws Exception {
    copyFixture();
    Path model = home.resolve("models/fixture/1/model.json");
    Files.writeString(
        model,
        Files.readString(model)
            .replace("\"centroids\"", "\"centroidz\"")
            .replace("\"means\"", "\"meanz\""));
    assertOneLineUserError(
        Cli.run(
            Map.of("CRYPTO_ANOMALY_HOME", home.toString()),
            Clock.systemUTC(),
            "detect",
            "--model",
            "fixture@1"),
        "model.json is damaged");
  }

  private void copyFixture() throws Exception {
    SavedModels.copyInto(home, "format-2");
  }
}
