package dev.cryptoanomaly.train;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** The days training keeps: the same share of each symbol's days, and of each day's symbols. */
class DaySampleTest {
  private static final long DAY = 86_400_000L;

  @Property(tries = 100)
  void everySeriesKeepsOneDayInEveryAndEveryDayIsKeptByOneSeriesInEvery(
      @ForAll @IntRange(min = 1, max = 12) int every,
      @ForAll @IntRange(min = 0, max = 20_000) int firstDay) {
    DaySample sample = new DaySample(every, 0);
    int series = 3 * every;
    int days = 5 * every;
    for (int s = 0; s < series; s++) {
      int kept = 0;
      for (int d = firstDay; d < firstDay + days; d++) {
        boolean keeps = sample.keeps(s, d * DAY + 123_000);
        // A day is kept or dropped whole.
        assertThat(sample.keeps(s, d * DAY)).isEqualTo(keeps);
        assertThat(sample.keeps(s, (d + 1) * DAY - 1)).isEqualTo(keeps);
        kept += keeps ? 1 : 0;
      }
      assertThat(kept).isEqualTo(5);
    }
    for (int d = firstDay; d < firstDay + days; d++) {
      int keptBy = 0;
      for (int s = 0; s < series; s++) {
        keptBy += sample.keeps(s, d * DAY) ? 1 : 0;
      }
      assertThat(keptBy).isEqualTo(3);
    }
  }

  @Property(tries = 20)
  void allKeepsEverything(@ForAll @IntRange(min = 0, max = 1_000) int series) {
    assertThat(DaySample.ALL.keeps(series, 17 * DAY + 5)).isTrue();
  }
}
