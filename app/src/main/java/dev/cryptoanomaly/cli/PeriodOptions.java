package dev.cryptoanomaly.cli;

import dev.cryptoanomaly.kline.DateRange;
import java.time.LocalDate;
import picocli.CommandLine.Option;

/**
 * {@code --days}, {@code --start} and {@code --end}, the period of every command that reads or
 * writes a span of days, resolved by the one rule of {@link DateRange}: UTC days, both included; a
 * number of days counts back from {@code --end} (today by default). Each command says its default
 * number of days in its description.
 */
final class PeriodOptions {
  @Option(
      names = "--days",
      paramLabel = "N",
      description = "Days back from --end, instead of --start (default: as described above).")
  Integer days;

  @Option(names = "--start", paramLabel = "YYYY-MM-DD", description = "First UTC day (included).")
  LocalDate start;

  @Option(
      names = "--end",
      paramLabel = "YYYY-MM-DD",
      description = "Last UTC day (included; default today).")
  LocalDate end;

  /** The period, with {@code positional} the command's DAYS argument where it has one. */
  DateRange resolve(Integer positional, LocalDate today, int defaultDays) {
    return DateRange.resolve(positional, days, startText(), endText(), today, defaultDays);
  }

  /** {@code --start} as the period rules take it, or null. */
  String startText() {
    return start == null ? null : start.toString();
  }

  /** {@code --end} as the period rules take it, or null. */
  String endText() {
    return end == null ? null : end.toString();
  }
}
