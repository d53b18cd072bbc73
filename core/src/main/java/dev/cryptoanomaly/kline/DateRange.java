package dev.cryptoanomaly.kline;

import dev.cryptoanomaly.BadArgumentException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * A range of UTC days, both included, from the command line: a number of days back from today (the
 * original's {@code collect 365}), or {@code --start}/{@code --end}.
 */
public record DateRange(LocalDate start, LocalDate end) {
  /**
   * No Binance market has a candle before this day (spot opened on 2017-07-14): an earlier date is
   * a typo, and a range reaching further back by a number of days starts here.
   */
  public static final LocalDate EARLIEST = LocalDate.of(2017, 1, 1);

  public static DateRange resolve(
      Integer positional,
      Integer days,
      String start,
      String end,
      LocalDate today,
      int defaultDays) {
    if (positional != null && days != null && !positional.equals(days)) {
      throw new BadArgumentException(
          "days", days + " disagrees with DAYS " + positional + "; give the number of days once");
    }
    Integer n = positional != null ? positional : days;
    if (n != null && start != null) {
      throw new BadArgumentException("start", "and a number of days cannot both be given");
    }
    LocalDate e = end == null ? today : date("--end", end);
    if (e.isAfter(today)) {
      e = today;
    }
    LocalDate s;
    if (start != null) {
      s = date("--start", start);
      if (s.isBefore(EARLIEST)) {
        throw new BadArgumentException(
            "start", s + " is before " + EARLIEST + "; Binance has no candles that old");
      }
    } else {
      int count = n == null ? defaultDays : n;
      if (count < 1 || count > 20_000) {
        throw new BadArgumentException("days", "must be between 1 and 20000, got " + count);
      }
      s = e.minusDays(count);
      if (s.isBefore(EARLIEST)) {
        s = EARLIEST;
      }
    }
    if (e.isBefore(EARLIEST)) {
      throw new BadArgumentException(
          "end", e + " is before " + EARLIEST + "; Binance has no candles that old");
    }
    if (e.isBefore(s)) {
      throw new BadArgumentException("end", e + " is before the start date " + s);
    }
    return new DateRange(s, e);
  }

  private static LocalDate date(String option, String text) {
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw new BadArgumentException(
          option.replaceFirst("^--", ""), "expects a UTC date like 2024-05-01, got '" + text + "'");
    }
  }

  /** First millisecond of the start day. */
  public long fromMillis() {
    return start.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
  }

  /** First millisecond after the end day. */
  public long toMillis() {
    return end.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
  }
}
