package dev.cryptoanomaly.train.drift;

import dev.cryptoanomaly.UserException;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.model.ModelManifest;
import dev.cryptoanomaly.model.SeriesRows;
import dev.cryptoanomaly.model.TrainedModel;
import dev.cryptoanomaly.model.registry.ModelRegistry;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.train.DaySample;
import dev.cryptoanomaly.train.TrainingData;
import java.util.List;

/**
 * A model's drift as {@code drift} and the scheduled check measure it: its training part (the
 * recipe's start to the split's training end) against the last {@code days} of its series, ending
 * at their newest stored candle.
 *
 * @param referenceFrom start of the training part, epoch millis; {@code referenceTo} its end
 * @param recentFrom start of the recent window; {@code recentTo} its end
 */
public record DriftCheck(
    ModelRegistry.Version version,
    long referenceFrom,
    long referenceTo,
    long recentFrom,
    long recentTo,
    DriftReport report) {

  public static DriftCheck measure(
      ModelRegistry registry, KlineStore store, ModelRegistry.Version version, int days) {
    TrainedModel m = registry.load(version.name(), version.version());
    ModelManifest manifest = version.manifest();
    List<SeriesKey> stored = store.series();
    List<SeriesKey> series =
        manifest.symbols().stream()
            .map(s -> new SeriesKey(m.market(), s, m.interval()))
            .filter(stored::contains)
            .toList();
    if (series.isEmpty()) {
      throw new UserException(
          version.ref() + "'s series " + manifest.symbols() + " are no longer in the store");
    }
    long newest =
        series.stream()
                .mapToLong(s -> store.lastOpenTime(s).orElse(Long.MIN_VALUE))
                .max()
                .orElseThrow()
            + m.interval().millis();
    long recentFrom = newest - days * 86_400_000L;
    long trainFrom = manifest.recipe().from().toEpochMilli();
    long trainTo = manifest.split().trainEnd().toEpochMilli();
    // Whole days sampled past a cap, so that drift over the whole market fits in memory.
    List<SeriesRows> reference =
        TrainingData.load(
            store,
            series,
            m.spec(),
            trainFrom,
            trainTo,
            DaySample.plan(store, series, trainFrom, trainTo, DaySample.CHECK_ROWS));
    List<SeriesRows> recent =
        TrainingData.load(
            store,
            series,
            m.spec(),
            recentFrom,
            newest,
            DaySample.plan(store, series, recentFrom, newest, DaySample.CHECK_ROWS));
    return new DriftCheck(
        version, trainFrom, trainTo, recentFrom, newest, DriftReport.of(m, reference, recent));
  }
}
