package dev.cryptoanomaly.train;

import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.store.CandleStore;
import java.util.List;

/**
 * Which whole UTC days of each series training loads when the period holds more rows than it may
 * hold in memory: every {@code every}-th day, staggered by series, so each symbol keeps the same
 * share of its days and each day is kept by the same share of symbols (stratified by symbol and by
 * time). Whole days, so the alert threshold is still chosen on contiguous candles with their
 * cooldown; features are computed over the whole series first, so a kept row's features are those
 * of the full data. {@code every == 1} keeps everything, as on any store smaller than the cap.
 *
 * @param every keep one day in this many
 * @param estimatedRows the rows the period could hold, from each series' first and last candle
 */
public record DaySample(int every, long estimatedRows) {
  private static final long DAY = 86_400_000L;

  /**
   * Rows a check of a model (the promotion gate, drift) loads per period at most: the same whole
   * days of every model compared, so a gate over the whole market fits where the training did.
   */
  public static final long CHECK_ROWS = 2_000_000;

  /** Every row: what detection, evaluation and any store under the cap get. */
  public static final DaySample ALL = new DaySample(1, 0);

  /** Whether row {@code openTime} of the {@code series}-th series is kept. */
  public boolean keeps(int series, long openTime) {
    return every == 1 || Math.floorMod(Math.floorDiv(openTime, DAY) + series, every) == 0;
  }

  /**
   * The plan for these series over {@code [from, to)}: everything when they could hold at most
   * {@code cap} rows, else one day in as many as it takes to stay under it.
   */
  public static DaySample plan(
      CandleStore store, List<SeriesKey> series, long from, long to, long cap) {
    long estimate = 0;
    for (SeriesKey s : series) {
      long first = Math.max(from, store.firstOpenTime(s).orElse(to));
      long last = Math.min(to, s.interval().next(store.lastOpenTime(s).orElse(from)));
      if (last > first) {
        estimate += (last - first) / s.interval().millis();
      }
    }
    return new DaySample((int) Math.max(1, Math.ceilDiv(estimate, Math.max(1, cap))), estimate);
  }
}
