package dev.cryptoanomaly.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cryptoanomaly.UserException;
import dev.cryptoanomaly.alert.AlertPolicy;
import dev.cryptoanomaly.alert.SymbolCalibration;
import dev.cryptoanomaly.detect.FeatureMatrix;
import dev.cryptoanomaly.detect.KMeansDetector;
import dev.cryptoanomaly.features.Feature;
import dev.cryptoanomaly.features.FeatureRegistry;
import dev.cryptoanomaly.features.FeatureSpec;
import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Market;
import dev.cryptoanomaly.model.DataSplit;
import dev.cryptoanomaly.model.ModelKind;
import dev.cryptoanomaly.model.ModelManifest;
import dev.cryptoanomaly.model.ModelRef;
import dev.cryptoanomaly.model.TrainedModel;
import dev.cryptoanomaly.model.TrainingRecipe;
import dev.cryptoanomaly.model.TrainingRecord;
import dev.cryptoanomaly.model.Trial;
import dev.cryptoanomaly.model.TrialSettings;
import dev.cryptoanomaly.model.registry.ModelRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The contract every model registry passes (local folder, MLflow server): versions numbered from 1,
 * artifacts that load back to a model scoring identically, aliases that resolve, an audit trail of
 * alias moves, and one-line errors for what is not there.
 */
public abstract class ModelRegistryContract {
  protected abstract ModelRegistry registry();

  /** A name no other test uses on a shared server. */
  protected abstract String uniqueName(String base);

  public static TrainedModel smallModel(long seed) {
    FeatureSpec spec = FeatureSpec.specification();
    List<String> columns = spec.features().stream().map(Feature::id).toList();
    SplittableRandom rng = new SplittableRandom(seed);
    double[][] rows = new double[1200][columns.size()];
    for (double[] r : rows) {
      for (int j = 0; j < r.length; j++) {
        r[j] = rng.nextGaussian();
      }
    }
    FeatureMatrix m = FeatureMatrix.of(columns, rows);
    KMeansDetector d = KMeansDetector.fit(m, 3, seed);
    Instant from = Instant.parse("2024-05-01T00:00:00Z");
    Instant to = Instant.parse("2024-05-11T00:00:00Z");
    ModelManifest manifest =
        new ModelManifest(
            ModelManifest.FORMAT,
            new TrainingRecipe(
                ModelKind.KMEANS,
                "3",
                List.of(),
                columns,
                Market.SPOT,
                Interval.M1,
                List.of("BTCUSDT", "ETHUSDT"),
                from,
                to,
                2,
                30,
                seed),
            new DataSplit(
                Instant.parse("2024-05-07T00:00:00Z"),
                Instant.parse("2024-05-09T00:00:00Z"),
                360,
                120,
                120),
            "fingerprint",
            new TrialSettings(3, null),
            d.parameters(),
            Map.of("injected_recall", 0.9, "test_alerts_per_symbol_day", 1.5),
            spec.key(),
            FeatureRegistry.VERSION,
            Runtime.version().toString(),
            Map.of(),
            from);
    return new TrainedModel(
        d,
        spec,
        Market.SPOT,
        Interval.M1,
        calibration(d.score(m)),
        new AlertPolicy(2, 30 * 60_000L, 1e-3, 60_000),
        manifest);
  }

  /** A training record with two trials and a plot, as {@code train} makes. */
  public static TrainingRecord record() {
    TrainedModel m = smallModel(3);
    return new TrainingRecord(
        Map.of("kind", "kmeans", "clusters", "2-3"),
        List.of(
            new Trial(1, new TrialSettings(2, null), Map.of("injected_recall", 0.8), m.detector()),
            new Trial(2, new TrialSettings(3, null), Map.of("injected_recall", 0.9), m.detector())),
        Map.of("injected_recall", 0.9),
        Map.of("tuning.png", new byte[] {(byte) 0x89, 'P', 'N', 'G'}));
  }

  /** A version's training (its trials and metrics) reads back as it was registered. */
  @Test
  void theTrainingOfAVersionReadsBackWithItsTrials() {
    String name = uniqueName("history");
    ModelRegistry registry = registry();
    ModelRegistry.Version v = registry.register(name, smallModel(4), record());
    var history = registry.training(v).orElseThrow();
    assertThat(history.trials())
        .extracting(dev.cryptoanomaly.model.TrainingHistory.TrialRow::number)
        .containsExactly(1, 2);
    assertThat(history.trials().get(1).settings()).isEqualTo(Map.of("clusters", "3"));
    assertThat(history.trials().get(1).metrics()).isEqualTo(Map.of("injected_recall", 0.9));
    assertThat(history.metrics()).isEqualTo(Map.of("injected_recall", 0.9));
    assertThat(history.params()).containsEntry("clusters", "2-3");
  }

  @Test
  void versionsAreNumberedAndLoadBackScoringIdentically() {
    String name = uniqueName("contract");
    TrainedModel a = smallModel(1);
    TrainedModel b = smallModel(2);
    ModelRegistry.Version v1 = registry().register(name, a, record());
    ModelRegistry.Version v2 = registry().register(name, b, record());
    assertThat(v1.version()).isEqualTo(1);
    assertThat(v2.version()).isEqualTo(2);
    assertThat(registry().versions(name))
        .extracting(ModelRegistry.Version::version)
        .containsExactly(1, 2);
    assertThat(registry().names()).contains(name);
    TrainedModel loaded = registry().load(name, 2);
    double[] row = {0.1, -0.2, 3, 0.5, 1, -1};
    assertThat(loaded.detector().score(row)).isEqualTo(b.detector().score(row));
    assertThat(loaded.calibration()).isEqualTo(b.calibration());
    assertThat(loaded.policy()).isEqualTo(b.policy());
    assertThat(loaded.spec()).isEqualTo(b.spec());
    ModelManifest manifest = registry().version(name, 1).orElseThrow().manifest();
    assertThat(manifest).isEqualTo(a.manifest());
    assertThat(manifest.kind()).isEqualTo(ModelKind.KMEANS);
    assertThat(manifest.symbols()).containsExactly("BTCUSDT", "ETHUSDT");
  }

  @Test
  void aliasesResolveAndEveryMoveIsRecorded() {
    String name = uniqueName("aliases");
    registry().register(name, smallModel(1), record());
    registry().register(name, smallModel(2), record());
    assertThat(registry().byAlias(name, ModelRef.CHAMPION)).isEmpty();
    Instant t1 = Instant.parse("2024-05-01T00:00:00Z");
    registry()
        .setAlias(
            new ModelRegistry.Promotion(
                name, ModelRef.CHAMPION, 1, null, t1, false, Map.of("reason", "first")));
    registry()
        .setAlias(
            new ModelRegistry.Promotion(
                name, ModelRef.CHAMPION, 2, 1, t1.plusSeconds(60), true, Map.of("gate", "forced")));
    assertThat(registry().resolve(ModelRef.parse(name + "@champion")).version()).isEqualTo(2);
    assertThat(registry().resolve(ModelRef.parse(name)).version()).isEqualTo(2);
    assertThat(registry().resolve(ModelRef.parse(name + "@1")).version()).isEqualTo(1);
    assertThat(registry().version(name, 2).orElseThrow().aliases()).containsExactly("champion");
    assertThat(registry().version(name, 1).orElseThrow().aliases()).isEmpty();
    List<ModelRegistry.Promotion> log = registry().promotions(name);
    assertThat(log).hasSize(2);
    assertThat(log.get(1).version()).isEqualTo(2);
    assertThat(log.get(1).previous()).isEqualTo(1);
    assertThat(log.get(1).forced()).isTrue();
    assertThat(log.get(1).at()).isEqualTo(t1.plusSeconds(60));
    assertThat(log.get(1).evidence()).containsEntry("gate", "forced");
  }

  @Test
  void whatIsNotThereIsOneLine() {
    String name = uniqueName("missing");
    assertOneLine(() -> registry().resolve(ModelRef.parse(name)), "no model named");
    registry().register(name, smallModel(1), record());
    assertOneLine(
        () -> registry().resolve(ModelRef.parse(name + "@staging")),
        "no version with alias 'staging'");
    assertOneLine(() -> registry().resolve(ModelRef.parse(name + "@7")), "no version 7");
    assertThat(registry().versions(uniqueName("never"))).isEmpty();
  }

  private static void assertOneLine(Runnable r, String fragment) {
    assertThatThrownBy(r::run)
        .isInstanceOf(UserException.class)
        .satisfies(e -> assertThat(e.getMessage().lines()).hasSize(1))
        .hasMessageContaining(fragment);
  }

  /** A pooled calibration and one per symbol: the halves of the scores as two symbols. */
  private static SymbolCalibration calibration(double[] scores) {
    int half = scores.length / 2;
    return SymbolCalibration.fit(
        scores,
        Map.of(
            "BTCUSDT",
            java.util.Arrays.copyOfRange(scores, 0, half),
            "ETHUSDT",
            java.util.Arrays.copyOfRange(scores, half, scores.length)));
  }
}
