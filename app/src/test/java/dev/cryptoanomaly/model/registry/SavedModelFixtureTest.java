package dev.cryptoanomaly.model.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cryptoanomaly.model.ModelArtifacts;
import dev.cryptoanomaly.model.ModelKind;
import dev.cryptoanomaly.model.ModelManifest;
import dev.cryptoanomaly.model.ModelRef;
import dev.cryptoanomaly.model.TrainedModel;
import dev.cryptoanomaly.testkit.SavedModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Saved model versions checked in under {@code src/test/resources/models}, every artifact as the
 * local registry wrote it: {@code format-1} by the release before the typed manifest (d8680e9),
 * {@code format-2} by the one before the cooldown was a time, {@code format-3} by the current one.
 * Each still loads from a registry folder and scores, and gives tail probabilities, bit for bit as
 * recorded when it was checked in. Made with {@code collect 4 --source synthetic --seed 7 --symbols
 * BTCUSDT,ETHUSDT} then {@code train --model gmm --clusters 2-3 --name fixture}.
 */
class SavedModelFixtureTest {
  @TempDir Path home;

  /** Eight rows of the six default features, from calm to far outside anything trained on. */
  static double[][] rows() {
    double[][] rows = new double[8][];
    for (int i = 0; i < rows.length; i++) {
      rows[i] =
          new double[] {
            1e-3 * (1 + 0.5 * i),
            1e-4 * Math.sin(i) * (1 + i),
            0.9 + 0.6 * i,
            0.9 + 0.2 * i,
            5e-4 * (1 + 0.3 * i),
            1e-3 * (1 + 0.7 * i)
          };
    }
    return rows;
  }

  /** Recorded when the versions were checked in; a change here changes what users' models say. */
  static final Map<String, double[]> SCORES =
      Map.of(
          "format-1",
          new double[] {
            -1.7012571659797844, 71.38123966981664, 237.6145796300617, 506.53594405131054,
            875.0555298688965, 1352.5243468113454, 1954.6204842390323, 2681.978055345963
          },
          "format-3",
          new double[] {
            -1.5517205883426692, 64.09743721002432, 213.15540416950353, 456.0013937495484,
            789.7618791917116, 1223.0603080575454, 1770.3981813405096, 2432.4021367582804
          },
          "format-2",
          new double[] {
            4.517098266013877, 407.38784835410144, 1613.5636102284093, 3585.5183204112245,
            6302.219271819561, 9826.554674524663, 14264.398858002374, 19620.33730710206
          });

  static final Map<String, double[]> PROBABILITIES =
      Map.of(
          "format-1",
          new double[] {
            0.9990474607997011, 0.0021447659557548267, 2.2458526867354992E-5,
            1.4069209156424879E-8, 5.739151481211668E-13, 1.1796027321269792E-18,
            7.946810165203723E-26, 1.724511114008592E-34
          },
          "format-3",
          new double[] {
            0.9971019917143334,
            0.00965523985504167,
            0.008527198457193663,
            0.006964658870639057,
            0.005273314534462304,
            0.0036748218933597056,
            0.002328672343566544,
            0.0013411369056376707
          },
          "format-2",
          new double[] {
            1.0,
            5.705003768382632E-4,
            5.241667321554023E-8,
            1.3176528530231077E-14,
            1.0657175476521226E-23,
            1.7081292955828276E-35,
            2.399387598223791E-50,
            2.8512453077524154E-68
          });

  @ParameterizedTest
  @ValueSource(strings = {"format-1", "format-2", "format-3"})
  void aSavedVersionLoadsAndScoresAsItDidWhenSaved(String format) throws Exception {
    SavedModels.copyInto(home, format);
    ModelRegistry registry = new LocalModelRegistry(home);

    ModelRegistry.Version champion = registry.resolve(ModelRef.parse("fixture@champion"));
    assertThat(champion.version()).isEqualTo(1);
    ModelManifest manifest = champion.manifest();
    assertThat(manifest.kind()).isEqualTo(ModelKind.GMM);
    assertThat(manifest.symbols()).containsExactly("BTCUSDT", "ETHUSDT");
    assertThat(manifest.recipe().features()).hasSize(6);
    assertThat(manifest.split().trainEnd()).isBefore(manifest.split().validationEnd());
    assertThat(manifest.metric("injected_recall")).isPresent();

    TrainedModel model = registry.load("fixture", 1);
    double[][] rows = rows();
    double[] scores = new double[rows.length];
    double[] probabilities = new double[rows.length];
    for (int i = 0; i < rows.length; i++) {
      scores[i] = model.detector().score(rows[i]);
      probabilities[i] = model.calibration().pooled().tailProbability(scores[i]);
    }
    System.out.println(
        format
            + " "
            + java.util.Arrays.toString(scores)
            + " "
            + java.util.Arrays.toString(probabilities));
    assertThat(scores).containsExactly(SCORES.get(format));
    assertThat(probabilities).containsExactly(PROBABILITIES.get(format));
    assertThat(model.policy().threshold()).isPositive();
    // Formats 1 and 2 held the cooldown as 30 candles: at 1m, the 30 minutes format 3 holds.
    assertThat(model.policy().cooldownMillis()).isEqualTo(30 * 60_000L);
    assertThat(manifest.recipe().cooldownSeconds()).isEqualTo(30 * 60L);
    assertThat(registry.promotions("fixture"))
        .singleElement()
        .satisfies(p -> assertThat(p.version()).isEqualTo(1));
  }

  @ParameterizedTest
  @ValueSource(strings = {"format-3"})
  void theCurrentFormatIsWrittenAsSaved(String format) throws Exception {
    Path version = SavedModels.folder(format).resolve("fixture/1");
    Map<String, byte[]> saved = new java.util.LinkedHashMap<>();
    for (String f : ModelArtifacts.FILES) {
      saved.put(f, Files.readAllBytes(version.resolve(f)));
    }
    Map<String, byte[]> written = ModelArtifacts.write(ModelArtifacts.read(saved, "fixture@1"));
    for (String f : ModelArtifacts.FILES) {
      assertThat(new String(written.get(f), java.nio.charset.StandardCharsets.UTF_8))
          .as(f)
          .isEqualTo(new String(saved.get(f), java.nio.charset.StandardCharsets.UTF_8));
    }
  }
}
