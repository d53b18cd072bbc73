package dev.cryptoanomaly.binance;

import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Kline;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Parses Binance kline CSV (12 columns by position). A first line that does not start with a digit
 * is a header (USD-M files from 2022 on carry one, spot files none). Times are normalised per value
 * to milliseconds: values of 16 digits are microseconds (spot files from 2025-01-01). Every row is
 * validated; rejected rows are returned with their line, never stored.
 */
public final class KlineCsvParser {
  private static final long MICROS_THRESHOLD = 1_000_000_000_000_000L; // 1e15
  private static final long MILLIS_THRESHOLD = 1_000_000_000_000L; // 1e12
  private static final int COLUMNS = 12;

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

  public ParsedKlines parse(InputStream in, String source) throws IOException {
    BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII), 1 << 16);
    List<Kline> rows = new ArrayList<>(1 << 12);
    List<BadRow> bad = new ArrayList<>();
    int[] commas = new int[COLUMNS + 1];
    boolean header = false;
    long lineNo = 0;
    String line;
    while ((line = reader.readLine()) != null) {
      lineNo++;
      int end = line.length();
      if (end > 0 && line.charAt(end - 1) == '\r') {
        end--;
      }
      if (end == 0 || line.isBlank()) {
        continue;
      }
      char first = line.charAt(0);
      if (lineNo == 1 && (first < '0' || first > '9')) {
        header = true;
        continue;
      }
      String problem = parseLine(line, end, commas, rows);
      if (problem != null) {
        bad.add(new BadRow(source, lineNo, problem));
      }
    }
    return finish(rows, bad, header);
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
        || !Double.isFinite(k.high())) {
      return "prices must be positive and finite";
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
    return null;
  }
}
