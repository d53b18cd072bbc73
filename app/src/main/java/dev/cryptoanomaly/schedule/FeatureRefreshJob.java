package dev.cryptoanomaly.schedule;

import dev.cryptoanomaly.config.Settings;
import dev.cryptoanomaly.features.FeatureJob;
import dev.cryptoanomaly.features.FeatureSpec;
import dev.cryptoanomaly.features.SeriesFeatures;
import dev.cryptoanomaly.kline.DateRange;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.store.Stores;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

/**
 * The daily feature refresh: what {@code features N} does, over the last days of every stored
 * series, so that the rows the hourly updates added have their features stored.
 */
public final class FeatureRefreshJob implements ScheduledJob {
  public static final String NAME = "features";

  private final Settings settings;
  private final Clock clock;
  private final int days;

  public FeatureRefreshJob(Settings settings, Clock clock, int days) {
    this.settings = settings;
    this.clock = clock;
    this.days = days;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "compute and store every feature of each stored series, " + days + " days back to today";
  }

  @Override
  public String defaultCron() {
    return "0 30 1 * * *";
  }

  @Override
  public int retries() {
    return 1;
  }

  @Override
  public String run() throws InterruptedException {
    LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
    DateRange range = DateRange.resolve(null, days, null, null, today, days);
    FeatureSpec spec = FeatureSpec.all();
    try (KlineStore store = Stores.open(settings)) {
      List<SeriesKey> series = store.series();
      FeatureJob job = new FeatureJob(store);
      long rows = 0;
      long valid = 0;
      for (SeriesKey s : series) {
        if (Thread.interrupted()) {
          throw new InterruptedException("feature refresh stopped");
        }
        SeriesFeatures result = job.computeAndStore(s, spec, range.fromMillis(), range.toMillis());
        rows += result.frame().rows();
        valid += result.frame().validRows();
      }
      return String.format(
          Locale.ROOT,
          "features of %d series, %s to %s: %,d rows, %,d valid",
          series.size(),
          range.start(),
          range.end(),
          rows,
          valid);
    }
  }
}
