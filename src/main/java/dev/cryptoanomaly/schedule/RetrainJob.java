package dev.cryptoanomaly.schedule;

import dev.cryptoanomaly.UserException;
import dev.cryptoanomaly.config.Settings;
import dev.cryptoanomaly.model.ModelRef;
import dev.cryptoanomaly.model.registry.ModelRegistry;
import dev.cryptoanomaly.model.registry.Registries;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.store.Stores;
import dev.cryptoanomaly.train.ChampionRetrain;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The weekly retrain: every registered model with a champion is trained again on its newest data; a
 * new version replaces the champion only when the promotion gate passes.
 */
public final class RetrainJob implements ScheduledJob {
  public static final String NAME = "retrain";

  private final Settings settings;
  private final Clock clock;

  public RetrainJob(Settings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "retrain each champion on its newest data; promote only when the gate passes";
  }

  @Override
  public String defaultCron() {
    return "0 0 3 * * SUN";
  }

  @Override
  public int retries() {
    return 2;
  }

  @Override
  public String run() throws InterruptedException {
    ModelRegistry registry = Registries.open(settings);
    List<String> done = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    try (KlineStore store = Stores.open(settings)) {
      for (String name : registry.names()) {
        var champion = registry.byAlias(name, ModelRef.CHAMPION);
        if (champion.isEmpty()) {
          continue;
        }
        if (Thread.interrupted()) {
          throw new InterruptedException("retrain stopped");
        }
        try {
          done.add(
              ChampionRetrain.retrain(registry, store, champion.get(), clock.instant(), m -> {}));
        } catch (RuntimeException e) {
          failed.add(name + ": " + JobScheduler.describe(e));
        }
      }
    }
    if (!failed.isEmpty()) {
      throw new UserException(
          failed.size()
              + " of "
              + (done.size() + failed.size())
              + " retrains failed: "
              + String.join("; ", failed)
              + (done.isEmpty() ? "" : "; done: " + String.join("; ", done)));
    }
    return done.isEmpty() ? "no champion to retrain" : String.join("; ", done);
  }
}
