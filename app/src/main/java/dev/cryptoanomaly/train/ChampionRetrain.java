package dev.cryptoanomaly.train;

import dev.cryptoanomaly.UserException;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.model.ModelRef;
import dev.cryptoanomaly.model.TrainingRecipe;
import dev.cryptoanomaly.model.registry.ModelRegistry;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.train.eval.GateLabels;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * The periodic retrain: the champion's recipe (kind, search space, features, series, budget, seed)
 * on a period of the same length ending at the newest stored candle. The new version is registered,
 * and it replaces the champion only when the promotion gate passes; otherwise the champion stays
 * and the refusal is the run's outcome, not an error.
 */
public final class ChampionRetrain {
  private ChampionRetrain() {}

  /** The champion's recipe moved to the newest data, or null when there is no newer candle. */
  public static TrainRequest request(ModelRegistry.Version champion, KlineStore store) {
    TrainingRecipe recipe = champion.manifest().recipe();
    long from = recipe.from().toEpochMilli();
    long to = recipe.to().toEpochMilli();
    long newest = Long.MIN_VALUE;
    for (String symbol : recipe.symbols()) {
      SeriesKey s = new SeriesKey(recipe.market(), symbol, recipe.interval());
      long last =
          store
              .lastOpenTime(s)
              .orElseThrow(
                  () ->
                      new UserException(
                          champion.ref() + " was trained on " + s + ", which the store lacks"));
      newest = Math.max(newest, recipe.interval().next(last));
    }
    if (newest <= to) {
      return null;
    }
    return TrainRequest.repeat(recipe, newest - (to - from), newest);
  }

  /**
   * Retrains a champion and offers the new version to the gate.
   *
   * @param champion the version holding {@code champion} now
   * @param labels labelled events the gate also judges on, or null
   * @return one line saying what happened
   */
  public static String retrain(
      ModelRegistry registry,
      KlineStore store,
      ModelRegistry.Version champion,
      Instant now,
      GateLabels labels,
      Consumer<TrainingProgress> progress) {
    String name = champion.name();
    TrainRequest request = request(champion, store);
    String was = champion.ref().toString();
    if (request == null) {
      return name + ": no candle newer than what " + was + " was trained on; champion kept";
    }
    for (ModelRegistry.Version v : registry.versions(name)) {
      if (v.manifest().recipe().to().toEpochMilli() >= request.to()) {
        return name
            + ": no candle newer than what "
            + v.ref()
            + " was trained on; "
            + was
            + " stays champion";
      }
    }
    Trainer.Result result = new Trainer(store, progress).train(request);
    int version = Registration.register(registry, name, result, now).version().version();
    String trained =
        name
            + ": trained @"
            + version
            + " on "
            + Instant.ofEpochMilli(request.from())
            + " to "
            + Instant.ofEpochMilli(request.to());
    try {
      GatedPromotion.Outcome o =
          GatedPromotion.promote(
              registry, store, name, version, ModelRef.CHAMPION, false, now, labels);
      return trained + "; promoted over " + was + (o.gate() == null ? "" : " (" + o.gate() + ")");
    } catch (GatedPromotion.Refused e) {
      return trained + "; " + was + " stays champion (" + e.getMessage() + ")";
    }
  }
}
