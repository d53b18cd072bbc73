package dev.cryptoanomaly.train;

import dev.cryptoanomaly.UserException;
import dev.cryptoanomaly.kline.DateRange;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.store.KlineStore;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The series and period a model command works on: one market and interval (a model takes one), and
 * the days asked for, or everything stored for those series when none are.
 */
public record ModelPeriod(List<SeriesKey> series, long from, long to) {
  public static ModelPeriod resolve(
      KlineStore store,
      SeriesSelection selection,
      Integer days,
      String start,
      String end,
      LocalDate today) {
    List<SeriesKey> series = selection.in(store);
    if (series.isEmpty()) {
      throw new UserException(
          "no stored series match; run 'crypto-anomaly collect' first or check --symbols,"
              + " --interval and --market");
    }
    List<String> kinds =
        series.stream()
            .map(s -> s.market().cliName() + " " + s.interval().archiveName())
            .distinct()
            .toList();
    if (kinds.size() > 1) {
      throw new UserException(
          "a model takes one market and interval, and the matching series have "
              + String.join(", ", kinds)
              + "; choose with --market and --interval");
    }
    if (days == null && start == null && end == null) {
      long from =
          series.stream().mapToLong(s -> store.firstOpenTime(s).orElseThrow()).min().orElseThrow();
      long to =
          series.stream().mapToLong(s -> store.lastOpenTime(s).orElseThrow()).max().orElseThrow()
              + series.get(0).interval().millis();
      return new ModelPeriod(series, from, to);
    }
    DateRange range = DateRange.resolve(null, days, start, end, today, 30);
    return new ModelPeriod(series, range.fromMillis(), range.toMillis());
  }

  public List<String> symbols() {
    return series.stream().map(SeriesKey::symbol).collect(Collectors.toList());
  }
}
