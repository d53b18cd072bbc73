package dev.cryptoanomaly.schedule;

import dev.cryptoanomaly.UserException;
import dev.cryptoanomaly.binance.ArchiveCollector;
import dev.cryptoanomaly.binance.CollectReport;
import dev.cryptoanomaly.binance.CollectRequest;
import dev.cryptoanomaly.binance.IncrementalUpdate;
import dev.cryptoanomaly.binance.Progress;
import dev.cryptoanomaly.config.Settings;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.store.Stores;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The hourly incremental update: what {@code update} does, for every stored Binance series. */
public final class UpdateJob implements ScheduledJob {
  public static final String NAME = "update";

  private final Settings settings;
  private final Clock clock;
  private final int parallel;

  public UpdateJob(Settings settings, Clock clock, int parallel) {
    this.settings = settings;
    this.clock = clock;
    this.parallel = parallel;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "bring every stored Binance series up to now (archive files, then REST klines)";
  }

  @Override
  public String defaultCron() {
    return "0 7 * * * *";
  }

  @Override
  public String run() throws InterruptedException {
    LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
    try (KlineStore store = Stores.open(settings)) {
      List<String> skipped = new ArrayList<>();
      List<CollectRequest> requests =
          IncrementalUpdate.requests(store, store.series(), today, skipped::add);
      if (requests.isEmpty()) {
        return "nothing to update: no Binance series stored"
            + (skipped.isEmpty() ? "" : " (" + skipped.size() + " simulated skipped)");
      }
      ArchiveCollector collector = ArchiveCollector.forSettings(settings, store, clock, parallel);
      long rows = 0;
      List<String> errors = new ArrayList<>();
      for (CollectRequest request : requests) {
        if (Thread.interrupted()) {
          throw new InterruptedException("update stopped");
        }
        CollectReport report = collector.collect(request, Progress.NONE);
        rows += report.rows();
        report.symbols().forEach(s -> s.errors().forEach(e -> errors.add(s.symbol() + ": " + e)));
      }
      if (!errors.isEmpty()) {
        throw new UserException(
            errors.size() + " problem(s) while updating, first: " + errors.get(0));
      }
      return String.format(
          Locale.ROOT, "%d series up to date, %,d candles stored", requests.size(), rows);
    }
  }
}
