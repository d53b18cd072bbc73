package dev.cryptoanomaly.train.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ScoredSpanTest {
  private static final long M = 60_000;
  private static final long DAY = 86_400_000L;

  /** Runs answer "is a candle in this window" and "which days" exactly as the open times do. */
  @Property(tries = 300)
  void runsKnowWhatTheOpenTimesKnow(
      @ForAll @IntRange(min = 0, max = 400) int n,
      @ForAll @IntRange(min = 0, max = 2) int intervalKind,
      @ForAll long seed) {
    long step = new long[] {M, 3 * DAY / 4, DAY}[intervalKind];
    Random rnd = new Random(seed);
    long[] t = new long[n];
    for (int i = 0; i < n; i++) {
      long gap = rnd.nextInt(10) < 8 ? 1 : rnd.nextInt(4); // mostly consecutive, some repeats
      t[i] = (i == 0 ? rnd.nextInt(5) * step : t[i - 1] + gap * step);
    }
    ScoredSpan span = ScoredSpan.of("BTCUSDT", t, step);
    assertThat(span.candles()).isEqualTo(n);
    for (int k = 0; k < 50; k++) {
      long start = (long) (rnd.nextDouble() * (n + 4) * step) - step;
      long end = start + (long) (rnd.nextDouble() * 3 * step);
      boolean expected = Arrays.stream(t).anyMatch(x -> x >= start && x <= end);
      assertThat(span.anyCandle(start, end)).as("[%d, %d]", start, end).isEqualTo(expected);
    }
    assertThat(span.days())
        .containsExactly(Arrays.stream(t).map(x -> Math.floorDiv(x, DAY)).distinct().toArray());
  }

  @Test
  void aGapMakesTwoRuns() {
    ScoredSpan span = ScoredSpan.of("BTCUSDT", new long[] {0, M, 2 * M, 10 * M, 11 * M}, M);
    assertThat(span.runStarts()).containsExactly(0, 10 * M);
    assertThat(span.runEnds()).containsExactly(2 * M, 11 * M);
    assertThat(span.anyCandle(3 * M, 9 * M)).isFalse();
    assertThat(span.anyCandle(3 * M, 10 * M)).isTrue();
    assertThat(span.symbolDays()).isEqualTo(5 * M / (double) DAY);
  }
}
