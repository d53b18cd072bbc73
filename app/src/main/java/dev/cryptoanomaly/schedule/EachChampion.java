package dev.cryptoanomaly.schedule;

import dev.cryptoanomaly.UserException;
import dev.cryptoanomaly.config.Settings;
import dev.cryptoanomaly.model.ModelRef;
import dev.cryptoanomaly.model.registry.ModelRegistry;
import dev.cryptoanomaly.model.registry.Registries;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.store.Stores;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one step for every registered name's champion, as the retrain and drift jobs do: one failing
 * name does not stop the others, and the run fails afterwards naming each failure and what was
 * done.
 */
final class EachChampion {
  /** What a job does for one champion; returns its line of the summary. */
  interface Step {
    String run(ModelRegistry registry, KlineStore store, ModelRegistry.Version champion);
  }

  private EachChampion() {}

  /**
   * @param what the step's name in the summary ({@code retrain}, {@code drift check})
   */
  static String run(Settings settings, String what, Step step) throws InterruptedException {
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
          throw new InterruptedException(what + " stopped");
        }
        try {
          done.add(step.run(registry, store, champion.get()));
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
              + " "
              + what
              + "s failed: "
              + String.join("; ", failed)
              + (done.isEmpty() ? "" : "; done: " + String.join("; ", done)));
    }
    return done.isEmpty() ? "no champion to " + what : String.join("; ", done);
  }
}
