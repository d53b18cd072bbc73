package dev.cryptoanomaly.schedule;

import dev.cryptoanomaly.config.Settings;
import java.time.Clock;
import java.util.List;
import javax.sql.DataSource;

/** The periodic jobs of a deployment: hourly update, daily feature refresh, weekly retrain. */
public final class StandardJobs {
  /** Days back from today the daily refresh recomputes (a margin over the day just completed). */
  public static final int FEATURE_DAYS = 2;

  private StandardJobs() {}

  /** A scheduler of these jobs on a store's pool; {@link JobScheduler#start()} runs them. */
  public static JobScheduler scheduler(
      DataSource pool, Settings settings, Clock clock, JobScheduler.Options options) {
    return new JobScheduler(pool, of(settings, clock), options, clock);
  }

  public static List<ScheduledJob> of(Settings settings, Clock clock) {
    return List.of(
        new UpdateJob(settings, clock, 8),
        new FeatureRefreshJob(settings, clock, FEATURE_DAYS),
        new RetrainJob(settings, clock),
        new DriftJob(settings, clock));
  }
}
