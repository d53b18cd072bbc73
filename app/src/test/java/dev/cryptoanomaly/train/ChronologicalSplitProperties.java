package dev.cryptoanomaly.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cryptoanomaly.detect.FeatureMatrix;
import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Market;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.model.SeriesRows;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The split cuts every series at the same times, where 60% and 80% of the pooled rows lie. */
class ChronologicalSplitProperties {
  private static final long MINUTE = 60_000L;

  @Property(tries = 200)
  void cutsAtThePooledRowQuantiles(
      @ForAll @IntRange(min = 1, max = 6) int seriesCount,
      @ForAll @IntRange(min = 5, max = 3_000) int rowsPerSeries,
      @ForAll long seed) {
    Random random = new Random(seed);
    List<SeriesRows> all = new ArrayList<>();
    for (int s = 0; s < seriesCount; s++) {
      all.add(gappySeries("S" + s, random, rowsPerSeries));
    }
    long from = 0;
    long to = 10_000_000L * MINUTE;
    ChronologicalSplit split = ChronologicalSplit.of(all, from, to);

    long n = all.stream().mapToLong(SeriesRows::size).sum();
    assertThat(split.from()).isEqualTo(from);
    assertThat(split.to()).isEqualTo(to);
    assertThat(split.trainEnd()).isBetween(from, split.validationEnd());
    assertThat(split.validationEnd()).isLessThanOrEqualTo(to);
    assertQuantile(all, split.trainEnd(), (long) (n * ChronologicalSplit.TRAIN));
    assertQuantile(
        all,
        split.validationEnd(),
        (long) (n * (ChronologicalSplit.TRAIN + ChronologicalSplit.VALIDATION)));
    long parts = sizes(split.train(all)) + sizes(split.validation(all)) + sizes(split.test(all));
    assertThat(parts).isEqualTo(n);
  }

  /**
   * A 1m series downloaded for April 2024 beside five collected in December 2026: the calendar span
   * would put validation in the 32-month gap with no rows; the pooled rows put it where the candles
   * are.
   */
  @Test
  void aLongGapDoesNotLeaveAPartEmpty() {
    long april2024 = 1_711_929_600_000L;
    long december2026 = 1_795_996_800_000L;
    List<SeriesRows> all = new ArrayList<>();
    all.add(series("BTCUSDT", LongStream.range(0, 2 * 1_440).map(i -> april2024 + i * MINUTE)));
    for (String symbol : List.of("BTCUSDT", "ETHUSDT", "SOLUSDT", "LINKUSDT", "AVAXUSDT")) {
      all.add(series(symbol, LongStream.range(0, 2 * 1_440).map(i -> december2026 + i * MINUTE)));
    }
    long to = december2026 + 2 * 1_440 * MINUTE;
    assertThat(sizes(ChronologicalSplit.bySpan(april2024, to).validation(all))).isZero();

    ChronologicalSplit split = ChronologicalSplit.of(all, april2024, to);

    // 60% of 17,280 rows is 10,368; five series share each minute, so the cut falls on a minute.
    assertThat(sizes(split.train(all))).isBetween(10_364L, 10_368L);
    assertThat(sizes(split.validation(all))).isBetween(3_455L, 3_460L);
    assertThat(sizes(split.test(all))).isBetween(3_455L, 3_460L);
    assertThat(split.trainEnd()).isGreaterThan(december2026);
  }

  @Test
  void aPeriodWithoutRowsFallsBackToTheCalendarSpan() {
    assertThat(ChronologicalSplit.of(List.of(), 0, 1_000))
        .isEqualTo(new ChronologicalSplit(0, 600, 800, 1_000));
  }

  /** Fewer rows than the rank before the cut, and more than the rank a millisecond after it. */
  private static void assertQuantile(List<SeriesRows> all, long cut, long rank) {
    assertThat(rowsBefore(all, cut)).isLessThanOrEqualTo(rank);
    assertThat(rowsBefore(all, cut + 1)).isGreaterThan(rank);
  }

  private static long rowsBefore(List<SeriesRows> all, long t) {
    return all.stream().mapToLong(s -> s.rowsBefore(t)).sum();
  }

  private static long sizes(List<SeriesRows> parts) {
    return parts.stream().mapToLong(SeriesRows::size).sum();
  }

  /** Minute candles in bursts separated by gaps of up to a month; series often share times. */
  private static SeriesRows gappySeries(String symbol, Random random, int rows) {
    long[] times = new long[rows];
    long t = random.nextInt(100) * MINUTE;
    for (int i = 0; i < rows; i++) {
      times[i] = t;
      t += random.nextInt(20) == 0 ? (1 + random.nextInt(43_200)) * MINUTE : MINUTE;
    }
    return series(symbol, LongStream.of(times));
  }

  private static SeriesRows series(String symbol, LongStream openTimes) {
    long[] times = openTimes.toArray();
    double[][] rows = new double[times.length][1];
    return new SeriesRows(
        new SeriesKey(Market.SPOT, symbol, Interval.M1),
        times,
        FeatureMatrix.of(List.of("x"), rows));
  }
}
