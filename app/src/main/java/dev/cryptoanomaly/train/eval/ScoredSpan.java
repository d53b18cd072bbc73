package dev.cryptoanomaly.train.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Which candles of one series a model scored, kept as runs of consecutive open times on the
 * interval grid instead of every open time: what an evaluation needs after the scores themselves
 * have been counted (whether a labelled window holds a scored candle, symbol-days, the days
 * scored), in a few longs per gap rather than 8 bytes per candle.
 *
 * @param runStarts the first open time of each run, ascending
 * @param runEnds the last open time of each run
 */
public record ScoredSpan(
    String symbol, long candles, long intervalMillis, long[] runStarts, long[] runEnds) {
  private static final long DAY = 86_400_000L;

  /** The runs of ascending open times {@code t}: a new run wherever a step is not the interval. */
  public static ScoredSpan of(String symbol, long[] t, long intervalMillis) {
    long step = Math.max(1, intervalMillis);
    List<long[]> runs = new ArrayList<>();
    int i = 0;
    while (i < t.length) {
      int j = i;
      while (j + 1 < t.length && t[j + 1] - t[j] == step) {
        j++;
      }
      runs.add(new long[] {t[i], t[j]});
      i = j + 1;
      while (i < t.length && t[i] == t[i - 1]) {
        i++; // a repeated open time is the same candle's place on the grid
      }
    }
    return new ScoredSpan(
        symbol,
        t.length,
        step,
        runs.stream().mapToLong(r -> r[0]).toArray(),
        runs.stream().mapToLong(r -> r[1]).toArray());
  }

  /** Whether any scored candle opens within {@code start <= t <= end}. */
  public boolean anyCandle(long start, long end) {
    int r = Arrays.binarySearch(runEnds, start);
    int at = r >= 0 ? r : -r - 1; // the first run ending at or after start
    if (at == runEnds.length) {
      return false;
    }
    long first = runStarts[at];
    if (start > first) {
      first += Math.ceilDiv(start - first, intervalMillis) * intervalMillis;
    }
    return first <= runEnds[at] && first <= end;
  }

  /** Scored time in days: candles times the interval. */
  public double symbolDays() {
    return candles * (double) intervalMillis / DAY;
  }

  /** The UTC days (epoch days) holding at least one scored candle, ascending. */
  public long[] days() {
    List<Long> out = new ArrayList<>();
    for (int r = 0; r < runStarts.length; r++) {
      if (intervalMillis >= DAY) { // a day or more apart: only the candles' own days
        for (long t = runStarts[r]; t <= runEnds[r]; t += intervalMillis) {
          addDay(out, Math.floorDiv(t, DAY));
        }
      } else { // under a day apart: every day between the run's ends
        for (long d = Math.floorDiv(runStarts[r], DAY); d <= Math.floorDiv(runEnds[r], DAY); d++) {
          addDay(out, d);
        }
      }
    }
    return out.stream().mapToLong(Long::longValue).toArray();
  }

  private static void addDay(List<Long> days, long d) {
    if (days.isEmpty() || days.getLast() < d) {
      days.add(d);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ScoredSpan o
        && symbol.equals(o.symbol)
        && candles == o.candles
        && intervalMillis == o.intervalMillis
        && Arrays.equals(runStarts, o.runStarts)
        && Arrays.equals(runEnds, o.runEnds);
  }

  @Override
  public int hashCode() {
    return 31 * symbol.hashCode() + Arrays.hashCode(runStarts);
  }

  @Override
  public String toString() {
    return "ScoredSpan[" + symbol + ", " + candles + " candles, " + runStarts.length + " runs]";
  }
}
