package dev.cryptoanomaly.schedule;

import dev.cryptoanomaly.Numbers;
import dev.cryptoanomaly.config.Settings;
import dev.cryptoanomaly.model.registry.ModelRegistry;
import dev.cryptoanomaly.report.LabelSources;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.train.ChampionRetrain;
import dev.cryptoanomaly.train.drift.DriftCheck;
import dev.cryptoanomaly.train.drift.PopulationStability;
import java.time.Clock;

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
    return EachChampion.run(settings, "drift check", this::check);
  }

  private String check(ModelRegistry registry, KlineStore store, ModelRegistry.Version champion) {
    DriftCheck check = DriftCheck.measure(registry, store, champion, DAYS);
    double worst = check.report().worst();
    String line =
        champion.ref()
            + ": worst PSI "
            + Numbers.format(worst)
            + " ("
            + PopulationStability.level(worst)
            + ")";
    if (worst < settings.driftRetrainPsi()) {
      return line;
    }
    return line
        + ", past "
        + Numbers.format(settings.driftRetrainPsi())
        + ": "
        + ChampionRetrain.retrain(
            registry,
            store,
            champion,
            clock.instant(),
            LabelSources.forGate(settings.gateLabels(), store),
            m -> {});
  }
}
