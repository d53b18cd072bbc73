package dev.cryptoanomaly.binance;

import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Kline;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Parses Binance kline CSV (12 columns by position). A first line whose first cell names the open
 * time column is a header (USD-M files from 2022 on carry one, spot files none); a UTF-8 byte order
 * mark before it is skipped. Times are normalised per value to milliseconds: values of 16 digits
 * are microseconds (spot files from 2025-01-01). Every row is validated; rejected rows are returned
 * with their line, never stored.
 */
public final class KlineCsvParser {
  private static final long MICROS_THRESHOLD = 1_000_000_000_000_000L; // 1e15
  private static final long MILLIS_THRESHOLD = 1_000_000_000_000L; // 1e12
  private static final int COLUMNS = 12;

  /** A kline row is at most about 200 characters; a longer line is not kline data. */
  static final int MAX_LINE_CHARS = 1_024;

  /** Bad rows listed one by one; a file with more is rejected as a whole. */
  static final int MAX_BAD_ROWS = 10_000;

  /** Lines of a file with no known period: a month of 1s candles, twice over. */
  private static final long MAX_LINES_UNBOUNDED = 2L * 31 * 86_400 + 16;

  /** The ceilings that tell an absurd value from a real one on any Binance pair. */
  private static final double MAX_PRICE = 1e12;

  private static final double MAX_VOLUME = 1e20;
  private static final long MAX_TRADES = 1_000_000_000_000L;

  private static final java.util.Set<String> HEADER_FIRST_CELLS =
      java.util.Set.of("open_time", "opentime", "open_time_ms", "timestamp", "time");

  private final Interval interval;
  private final long periodStart;
  private final long periodEnd;

  /**
   * @param periodStart first open time the file may hold (inclusive), or {@code Long.MIN_VALUE}
   * @param periodEnd open times must be below this, or {@code Long.MAX_VALUE}
   */
  public KlineCsvParser(Interval interval, long periodStart, long periodEnd) {
    this.interval = interval;
    this.periodStart = periodStart;
    this.periodEnd = periodEnd;
  }

  public KlineCsvParser(Interval interval) {
    this(interval, Long.MIN_VALUE, Long.MAX_VALUE);
  }

  /**
   * Parses one file's CSV.
   *
   * @throws KlineFiles.InvalidFileException when the input cannot be a kline file: a line longer
   *     than any kline row, more lines than the file's period can hold, or more bad rows than are
   *     worth listing. Nothing of such a file is kept, and memory stays bounded whatever it holds.
   */
  public ParsedKlines parse(InputStream in, String source) throws IOException {
    BoundedLines lines = new BoundedLines(in, MAX_LINE_CHARS);
    long maxLines = maxLines();
    List<Kline> rows = new ArrayList<>(1 << 12);
    List<BadRow> bad = new ArrayList<>();
    int[] commas = new int[COLUMNS + 1];
    boolean header = false;
    boolean first = true;
    long lineNo = 0;
    String line;
    while ((line = lines.next()) != null) {
      lineNo++;
      if (lines.overlong()) {
        throw new KlineFiles.InvalidFileException(
            source
                + " line "
                + lineNo
                + " is longer than "
                + MAX_LINE_CHARS
                + " characters: not a kline CSV");
      }
      int end = line.length();
      if (end > 0 && line.charAt(end - 1) == '\r') {
        end--;
      }
      if (end == 0 || line.isBlank()) {
        continue;
      }
      if (lineNo > maxLines) {
        throw new KlineFiles.InvalidFileException(
            source + " has more than " + maxLines + " lines, more than its period can hold");
      }
      if (first) {
        first = false;
        if (isHeader(line)) {
          header = true;
          continue;
        }
      }
      String problem = parseLine(line, end, commas, rows);
      if (problem != null) {
        if (bad.size() >= MAX_BAD_ROWS) {
          throw new KlineFiles.InvalidFileException(
              source
                  + " has more than "
                  + MAX_BAD_ROWS
                  + " bad rows (the first: "
                  + bad.get(0)
                  + "): not a kline CSV");
        }
        bad.add(new BadRow(source, lineNo, problem));
      }
    }
    return finish(rows, bad, header);
  }

  /**
   * A header names Binance's columns ({@code open_time,open,high,...}); a first line that merely
   * fails to parse is a bad row, not a header, so no candle is dropped unseen.
   */
  private static boolean isHeader(String line) {
    int comma = line.indexOf(',');
    String cell = (comma < 0 ? line : line.substring(0, comma)).strip().toLowerCase(Locale.ROOT);
    if (cell.length() >= 2 && cell.startsWith("\"") && cell.endsWith("\"")) {
      cell = cell.substring(1, cell.length() - 1);
    }
    return HEADER_FIRST_CELLS.contains(cell.replace(' ', '_'));
  }

  /** The most non-blank lines the period can hold (a header and some duplicates beyond it). */
  private long maxLines() {
    if (periodStart == Long.MIN_VALUE || periodEnd == Long.MAX_VALUE) {
      return MAX_LINES_UNBOUNDED;
    }
    return interval.candlesBetween(periodStart, periodEnd) * 2 + 16;
  }

  private static ParsedKlines finish(List<Kline> rows, List<BadRow> bad, boolean header) {
    boolean sorted = true;
    for (int i = 1; i < rows.size() && sorted; i++) {
      sorted = rows.get(i - 1).openTime() < rows.get(i).openTime();
    }
    if (sorted) {
      return new ParsedKlines(rows, bad, header, 0);
    }
    // Stable sort keeps file order among equal open times, so the last duplicate wins.
    List<Kline> ordered = new ArrayList<>(rows);
    ordered.sort(Comparator.comparingLong(Kline::openTime));
    List<Kline> unique = new ArrayList<>(ordered.size());
    int duplicates = 0;
    for (Kline k : ordered) {
      int last = unique.size() - 1;
      if (last >= 0 && unique.get(last).openTime() == k.openTime()) {
        unique.set(last, k);
        duplicates++;
      } else {
        unique.add(k);
      }
    }
    return new ParsedKlines(unique, bad, header, duplicates);
  }

  /** Parses one data line into {@code out}; returns a reason when the row is invalid. */
  private String parseLine(String line, int end, int[] commas, List<Kline> out) {
    int n = 0;
    commas[0] = -1;
    for (int i = 0; i < end; i++) {
      if (line.charAt(i) == ',') {
        if (n + 1 >= commas.length) {
          return "expected " + COLUMNS + " columns, found more";
        }
        commas[++n] = i;
      }
    }
    if (n + 1 != COLUMNS) {
      return "expected " + COLUMNS + " columns, found " + (n + 1);
    }
    int column = 0;
    try {
      long openTime = normaliseTime(Decimals.parseLong(line, commas[0] + 1, commas[1]));
      column = 1;
      double open = Decimals.parse(line, commas[1] + 1, commas[2]);
      column = 2;
      double high = Decimals.parse(line, commas[2] + 1, commas[3]);
      column = 3;
      double low = Decimals.parse(line, commas[3] + 1, commas[4]);
      column = 4;
      double close = Decimals.parse(line, commas[4] + 1, commas[5]);
      column = 5;
      double volume = Decimals.parse(line, commas[5] + 1, commas[6]);
      column = 6;
      long closeTime = normaliseTime(Decimals.parseLong(line, commas[6] + 1, commas[7]));
      column = 7;
      double quoteVolume = Decimals.parse(line, commas[7] + 1, commas[8]);
      column = 8;
      long trades = Decimals.parseLong(line, commas[8] + 1, commas[9]);
      column = 9;
      double takerBase = Decimals.parse(line, commas[9] + 1, commas[10]);
      column = 10;
      double takerQuote = Decimals.parse(line, commas[10] + 1, commas[11]);
      Kline k =
          new Kline(
              openTime,
              open,
              high,
              low,
              close,
              volume,
              closeTime,
              quoteVolume,
              trades,
              takerBase,
              takerQuote);
      String problem = validate(k);
      if (problem == null) {
        out.add(k);
      }
      return problem;
    } catch (NumberFormatException e) {
      return "column " + (column + 1) + " is not a number";
    }
  }

  private static long normaliseTime(long raw) {
    if (raw >= MICROS_THRESHOLD) {
      return raw / 1000;
    }
    if (raw >= MILLIS_THRESHOLD) {
      return raw;
    }
    throw new NumberFormatException("timestamp " + raw + " is neither ms nor us");
  }

  private String validate(Kline k) {
    if (!interval.onGrid(k.openTime())) {
      return "open_time " + k.openTime() + " is not on the " + interval + " grid";
    }
    if (k.openTime() < periodStart || k.openTime() >= periodEnd) {
      return "open_time " + k.openTime() + " lies outside the file's period";
    }
    if (k.closeTime() != interval.next(k.openTime()) - 1) {
      return "close_time " + k.closeTime() + " is not open_time + " + interval + " - 1 ms";
    }
    if (!(k.open() > 0 && k.high() > 0 && k.low() > 0 && k.close() > 0)
        || !(k.high() <= MAX_PRICE)) {
      return "prices must be positive, finite and at most " + (long) MAX_PRICE;
    }
    if (k.high() < Math.max(k.open(), k.close()) || k.low() > Math.min(k.open(), k.close())) {
      return "OHLC invariant broken (high >= max(open, close) >= min(open, close) >= low)";
    }
    if (!(k.volume() >= 0
        && k.quoteVolume() >= 0
        && k.takerBuyBase() >= 0
        && k.takerBuyQuote() >= 0
        && k.trades() >= 0)) {
      return "volumes and trade count must be non-negative";
    }
    if (!(k.volume() <= MAX_VOLUME
        && k.quoteVolume() <= MAX_VOLUME
        && k.takerBuyBase() <= MAX_VOLUME
        && k.takerBuyQuote() <= MAX_VOLUME)) {
      return "volumes must be finite and at most 1e20";
    }
    if (k.trades() > MAX_TRADES) {
      return "trade count " + k.trades() + " is above " + MAX_TRADES;
    }
    return null;
  }
}
