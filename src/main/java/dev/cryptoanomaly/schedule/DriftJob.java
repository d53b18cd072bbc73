package dev.cryptoanomaly.schedule;

import dev.cryptoanomaly.Numbers;
import dev.cryptoanomaly.UserException;
import dev.cryptoanomaly.config.Settings;
import dev.cryptoanomaly.model.ModelRef;
import dev.cryptoanomaly.model.registry.ModelRegistry;
import dev.cryptoanomaly.model.registry.Registries;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.store.Stores;
import dev.cryptoanomaly.train.ChampionRetrain;
import dev.cryptoanomaly.train.drift.DriftCheck;
import dev.cryptoanomaly.train.drift.PopulationStability;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The daily drift check: each champion's last week against its training part, recorded in the job
 * history; past {@link Settings#DRIFT_RETRAIN_PSI} it starts the same gated retrain as the weekly
 * job, so a drifted market gets a new model only when the new one passes the promotion gate.
 */
public final class DriftJob implements ScheduledJob {
  public static final String NAME = "drift";
  static final int DAYS = 7;

  private final Settings settings;
  private final Clock clock;

  public DriftJob(Settings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "measure each champion's drift over the last "
        + DAYS
        + " days; past PSI "
        + Numbers.format(settings.driftRetrainPsi())
        + ", retrain it through the gate";
  }

  @Override
  public String defaultCron() {
    return "0 30 4 * * *";
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
          throw new InterruptedException("drift check stopped");
        }
        try {
          DriftCheck check = DriftCheck.measure(registry, store, champion.get(), DAYS);
          double worst = check.report().worst();
          String line =
              champion.get().ref()
                  + ": worst PSI "
                  + Numbers.format(worst)
                  + " ("
                  + PopulationStability.level(worst)
                  + ")";
          if (worst >= settings.driftRetrainPsi()) {
            line +=
                ", past "
                    + Numbers.format(settings.driftRetrainPsi())
                    + ": "
                    + ChampionRetrain.retrain(
                        registry, store, champion.get(), clock.instant(), m -> {});
          }
          done.add(line);
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
              + " drift checks failed: "
              + String.join("; ", failed)
              + (done.isEmpty() ? "" : "; done: " + String.join("; ", done)));
    }
    return done.isEmpty() ? "no champion to check" : String.join("; ", done);
  }
}
