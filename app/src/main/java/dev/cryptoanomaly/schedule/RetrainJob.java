package dev.cryptoanomaly.schedule;

import dev.cryptoanomaly.config.Settings;
import dev.cryptoanomaly.report.LabelSources;
import dev.cryptoanomaly.train.ChampionRetrain;
import java.time.Clock;

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
    return EachChampion.run(
        settings,
        "retrain",
        (registry, store, champion) ->
            ChampionRetrain.retrain(
                registry,
                store,
                champion,
                clock.instant(),
                LabelSources.forGate(settings.gateLabels(), store),
                m -> {}));
  }
}
