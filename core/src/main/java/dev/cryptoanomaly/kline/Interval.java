package dev.cryptoanomaly.kline;

import dev.cryptoanomaly.UserException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Binance kline intervals. The archive spells one month {@code 1mo} (case-insensitive file
 * systems), the REST and WebSocket APIs {@code 1M}; both spellings are accepted on input.
 */
public enum Interval {
  S1("1s", "1s", 1_000L),
  M1("1m", "1m", 60_000L),
  M3("3m", "3m", 180_000L),
  M5("5m", "5m", 300_000L),
  M15("15m", "15m", 900_000L),
  M30("30m", "30m", 1_800_000L),
  H1("1h", "1h", 3_600_000L),
  H2("2h", "2h", 7_200_000L),
  H4("4h", "4h", 14_400_000L),
  H6("6h", "6h", 21_600_000L),
  H8("8h", "8h", 28_800_000L),
  H12("12h", "12h", 43_200_000L),
  D1("1d", "1d", 86_400_000L),
  D3("3d", "3d", 259_200_000L),
  W1("1w", "1w", 604_800_000L),
  MO1("1mo", "1M", 0L);

  private static final long DAY_MS = 86_400_000L;
  private static final long MONDAY_OFFSET_MS = 4 * DAY_MS; // 1970-01-01 was a Thursday

  private final String archiveName;
  private final String apiName;
  private final long fixedMillis;

  Interval(String archiveName, String apiName, long fixedMillis) {
    this.archiveName = archiveName;
    this.apiName = apiName;
    this.fixedMillis = fixedMillis;
  }

  /** The spelling used in archive paths and file names. */
  public String archiveName() {
    return archiveName;
  }

  /** The spelling used by the REST and WebSocket APIs. */
  public String apiName() {
    return apiName;
  }

  /** Daily archive files exist only for intervals up to one day. */
  public boolean hasDailyFiles() {
    return fixedMillis > 0 && fixedMillis <= DAY_MS;
  }

  /** Whether every candle has the same length (all but one month). */
  public boolean isFixed() {
    return fixedMillis > 0;
  }

  /** Length of a fixed interval in milliseconds; for one month use {@link #next(long)}. */
  public long millis() {
    if (fixedMillis == 0) {
      throw new IllegalStateException("1mo has no fixed length");
    }
    return fixedMillis;
  }

  /** Open time of the candle after the one opening at {@code openTime}. */
  public long next(long openTime) {
    if (fixedMillis > 0) {
      return openTime + fixedMillis;
    }
    return ZonedDateTime.ofInstant(Instant.ofEpochMilli(openTime), ZoneOffset.UTC)
        .plusMonths(1)
        .toInstant()
        .toEpochMilli();
  }

  /** Whether a candle may open at {@code openTime} (Binance's UTC grid; weeks start on Monday). */
  public boolean onGrid(long openTime) {
    if (this == W1) {
      return Math.floorMod(openTime - MONDAY_OFFSET_MS, fixedMillis) == 0;
    }
    if (this == MO1) {
      ZonedDateTime t = ZonedDateTime.ofInstant(Instant.ofEpochMilli(openTime), ZoneOffset.UTC);
      return t.getDayOfMonth() == 1 && t.toLocalTime().toNanoOfDay() == 0;
    }
    return Math.floorMod(openTime, fixedMillis) == 0;
  }

  /** Number of candles opening in {@code [from, to)} on this grid, for gap counting. */
  public long candlesBetween(long from, long to) {
    if (to <= from) {
      return 0;
    }
    if (fixedMillis > 0) {
      return (to - from + fixedMillis - 1) / fixedMillis;
    }
    long n = 0;
    for (long t = from; t < to; t = next(t)) {
      n++;
    }
    return n;
  }

  /** The first open time on the grid at or after the start of {@code day} (UTC). */
  public long firstOpenOn(LocalDate day) {
    long start = day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    if (this == MO1) {
      return day.getDayOfMonth() == 1
          ? start
          : next(day.withDayOfMonth(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli());
    }
    long offset = this == W1 ? MONDAY_OFFSET_MS : 0;
    long rem = Math.floorMod(start - offset, fixedMillis);
    return rem == 0 ? start : start + fixedMillis - rem;
  }

  /** Parses {@code 1m}, {@code 1h}, {@code 1mo} or {@code 1M}. */
  public static Interval parse(String text) {
    for (Interval i : values()) {
      if (i.archiveName.equals(text) || i.apiName.equals(text)) {
        return i;
      }
    }
    throw new UserException(
        "unknown interval '"
            + text
            + "' (expected one of "
            + Arrays.stream(values()).map(Interval::archiveName).collect(Collectors.joining(", "))
            + ")");
  }

  @Override
  public String toString() {
    return archiveName;
  }
}
