package dev.cryptoanomaly.store;

import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Kline;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Keeps each series' coverage (first, last, candle count, gaps) in {@code series_summary} and
 * {@code series_gaps} as candles are written, inside the writing transaction, so that reading
 * coverage costs a few rows instead of a walk over every candle (a year of 1m is 525,600 of them
 * per series). A write only revisits the stored candles between the neighbours of what it wrote:
 * appending a day costs a day.
 */
final class CoverageLedger {
  private static final long NONE_BEFORE = Long.MIN_VALUE;
  private static final long NONE_AFTER = Long.MAX_VALUE;

  private final Connection connection;

  CoverageLedger(Connection connection) {
    this.connection = connection;
  }

  /** What a write is about to change, read before its candles are upserted. */
  record Pending(long seriesId, long lo, long hi, long candlesBefore, boolean summarised) {}

  /** Notes the span of a write and how many candles it held before; call before the upsert. */
  Pending before(long seriesId, List<Kline> klines) throws SQLException {
    long lo = Long.MAX_VALUE;
    long hi = Long.MIN_VALUE;
    for (Kline k : klines) {
      lo = Math.min(lo, k.openTime());
      hi = Math.max(hi, k.openTime());
    }
    boolean summarised = summary(seriesId) != null;
    long before = summarised ? countBetween(seriesId, lo, hi) : 0;
    return new Pending(seriesId, lo, hi, before, summarised);
  }

  /** Brings the summary and the gaps up to date after the upsert of {@code pending}. */
  void after(Pending pending, Interval interval) throws SQLException {
    if (!pending.summarised()) {
      rebuild(pending.seriesId(), interval);
      return;
    }
    long id = pending.seriesId();
    long previous =
        neighbour(
            id,
            "SELECT MAX(open_time) FROM klines WHERE series_id = ?" + " AND open_time < ?",
            pending.lo(),
            NONE_BEFORE);
    long next =
        neighbour(
            id,
            "SELECT MIN(open_time) FROM klines WHERE series_id = ?" + " AND open_time > ?",
            pending.hi(),
            NONE_AFTER);
    try (PreparedStatement ps =
        connection.prepareStatement(
            "DELETE FROM series_gaps WHERE series_id = ? AND from_time > ? AND to_time <= ?")) {
      ps.setLong(1, id);
      ps.setLong(2, previous);
      ps.setLong(3, next);
      ps.executeUpdate();
    }
    long walkFrom = previous == NONE_BEFORE ? pending.lo() : previous;
    long walkTo = next == NONE_AFTER ? pending.hi() : next;
    Walk walk = walk(id, interval, walkFrom, walkTo, pending.lo(), pending.hi());
    long[] s = summary(id);
    try (PreparedStatement ps =
        connection.prepareStatement(
            "UPDATE series_summary SET first_open_time = ?, last_open_time = ?, candles = ?"
                + " WHERE series_id = ?")) {
      ps.setLong(1, Math.min(s[0], pending.lo()));
      ps.setLong(2, Math.max(s[1], pending.hi()));
      ps.setLong(3, s[2] + walk.inSpan() - pending.candlesBefore());
      ps.setLong(4, id);
      ps.executeUpdate();
    }
  }

  /** Summarises a series from all its candles (its first write, or a store older than this). */
  void rebuild(long id, Interval interval) throws SQLException {
    forget(id);
    Walk walk = walk(id, interval, Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE);
    if (walk.inSpan() == 0) {
      return;
    }
    try (PreparedStatement ps =
        connection.prepareStatement(
            "INSERT INTO series_summary (series_id, first_open_time, last_open_time, candles)"
                + " VALUES (?,?,?,?)")) {
      ps.setLong(1, id);
      ps.setLong(2, walk.first());
      ps.setLong(3, walk.last());
      ps.setLong(4, walk.inSpan());
      ps.executeUpdate();
    }
  }

  /** Drops what is known of a series (before a rebuild, or when the series is deleted). */
  void forget(long id) throws SQLException {
    for (String table : List.of("series_gaps", "series_summary")) {
      try (PreparedStatement ps =
          connection.prepareStatement("DELETE FROM " + table + " WHERE series_id = ?")) {
        ps.setLong(1, id);
        ps.executeUpdate();
      }
    }
  }

  /** {first, last, candles} of a summarised series, or null. */
  private long[] summary(long id) throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT first_open_time, last_open_time, candles FROM series_summary"
                + " WHERE series_id = ?")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)} : null;
      }
    }
  }

  private long countBetween(long id, long lo, long hi) throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT COUNT(*) FROM klines WHERE series_id = ? AND open_time >= ?"
                + " AND open_time <= ?")) {
      ps.setLong(1, id);
      ps.setLong(2, lo);
      ps.setLong(3, hi);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private long neighbour(long id, String sql, long bound, long none) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      ps.setLong(1, id);
      ps.setLong(2, bound);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        long v = rs.getLong(1);
        return rs.wasNull() ? none : v;
      }
    }
  }

  /** First and last open time walked, and how many of them fell in the written span. */
  private record Walk(long first, long last, long inSpan) {}

  /**
   * Walks the stored open times in {@code [from, to]}, recording the gaps between consecutive ones,
   * and counts those in {@code [spanFrom, spanTo]}.
   */
  private Walk walk(long id, Interval interval, long from, long to, long spanFrom, long spanTo)
      throws SQLException {
    long first = Long.MIN_VALUE;
    long previous = Long.MIN_VALUE;
    long inSpan = 0;
    try (PreparedStatement read =
            connection.prepareStatement(
                "SELECT open_time FROM klines WHERE series_id = ? AND open_time >= ?"
                    + " AND open_time <= ? ORDER BY open_time");
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO series_gaps (series_id, from_time, to_time, missing)"
                    + " VALUES (?,?,?,?)")) {
      read.setLong(1, id);
      read.setLong(2, from);
      read.setLong(3, to);
      int pending = 0;
      try (ResultSet rs = read.executeQuery()) {
        while (rs.next()) {
          long t = rs.getLong(1);
          if (first == Long.MIN_VALUE) {
            first = t;
          } else {
            long expected = interval.next(previous);
            if (t > expected) {
              insert.setLong(1, id);
              insert.setLong(2, expected);
              insert.setLong(3, t);
              insert.setLong(4, interval.candlesBetween(expected, t));
              insert.addBatch();
              pending++;
            }
          }
          if (t >= spanFrom && t <= spanTo) {
            inSpan++;
          }
          previous = t;
        }
      }
      if (pending > 0) {
        insert.executeBatch();
      }
    }
    return new Walk(first, previous, inSpan);
  }
}
