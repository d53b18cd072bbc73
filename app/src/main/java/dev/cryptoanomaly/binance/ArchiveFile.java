package dev.cryptoanomaly.binance;

import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Market;
import dev.cryptoanomaly.kline.SeriesKey;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;

/**
 * One kline archive file on data.binance.vision: a whole month or a whole UTC day, laid out as
 * {@code data/spot/monthly/klines/BTCUSDT/1m/BTCUSDT-1m-2024-05.zip}.
 *
 * @param day the day of a daily file, or the first day of the month of a monthly file
 */
public record ArchiveFile(SeriesKey series, boolean monthly, LocalDate day) {

  public static ArchiveFile monthly(SeriesKey series, YearMonth month) {
    return new ArchiveFile(series, true, month.atDay(1));
  }

  public static ArchiveFile daily(SeriesKey series, LocalDate day) {
    return new ArchiveFile(series, false, day);
  }

  /** The file name, e.g. {@code BTCUSDT-1m-2024-05-01.zip}. */
  public String fileName() {
    String period = monthly ? YearMonth.from(day).toString() : day.toString();
    return series.symbol() + "-" + series.interval().archiveName() + "-" + period + ".zip";
  }

  /** The object key below the archive base URL. */
  public String path() {
    Market market = series.market();
    Interval interval = series.interval();
    return market.archivePrefix()
        + (monthly ? "/monthly" : "/daily")
        + "/klines/"
        + series.symbol()
        + "/"
        + interval.archiveName()
        + "/"
        + fileName();
  }

  public String checksumPath() {
    return path() + ".CHECKSUM";
  }

  /** First millisecond covered. */
  public long startMillis() {
    return day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
  }

  /** First millisecond after the covered period. */
  public long endMillis() {
    LocalDate end = monthly ? day.plusMonths(1) : day.plusDays(1);
    return end.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
  }

  /** The last UTC day this file covers. */
  public LocalDate lastDay() {
    return monthly ? day.plusMonths(1).minusDays(1) : day;
  }
}
