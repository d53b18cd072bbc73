package dev.cryptoanomaly.store.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * The native-partitioning layout of {@code klines}: one range partition per calendar month (UTC) of
 * open time, named {@code klines_YYYY_MM}. Months are created before the candles that need them, so
 * there is no default partition to scan or split later.
 */
final class MonthlyPartitions {
  /** Serialises partition creation between processes: one key for this application's DDL. */
  private static final long ADVISORY_LOCK = 0x6b6c696e6573L; // "klines"

  private final Set<YearMonth> known = new HashSet<>();

  /** The month an open time (epoch milliseconds) falls in. */
  static YearMonth monthOf(long openTime) {
    return YearMonth.from(
        java.time.Instant.ofEpochMilli(openTime).atOffset(ZoneOffset.UTC).toLocalDate());
  }

  static long startMillis(YearMonth month) {
    return month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
  }

  static String name(YearMonth month) {
    return String.format("klines_%04d_%02d", month.getYear(), month.getMonthValue());
  }

  /** Every month from the one of {@code first} to the one of {@code last}, both included. */
  static Set<YearMonth> between(long first, long last) {
    Set<YearMonth> months = new TreeSet<>();
    for (YearMonth m = monthOf(first); !m.isAfter(monthOf(last)); m = m.plusMonths(1)) {
      months.add(m);
    }
    return months;
  }

  /**
   * Creates the partitions of {@code months} that this process has not seen yet, in the current
   * transaction, under an advisory lock so that two processes never race on the same one.
   */
  void create(Connection connection, Collection<YearMonth> months) throws SQLException {
    Set<YearMonth> missing = new TreeSet<>(months);
    missing.removeAll(known);
    if (missing.isEmpty()) {
      return;
    }
    try (Statement st = connection.createStatement()) {
      st.execute("SELECT pg_advisory_xact_lock(" + ADVISORY_LOCK + ")");
      for (YearMonth m : missing) {
        st.execute(
            "CREATE TABLE IF NOT EXISTS "
                + name(m)
                + " PARTITION OF klines FOR VALUES FROM ("
                + startMillis(m)
                + ") TO ("
                + startMillis(m.plusMonths(1))
                + ")");
      }
    }
    known.addAll(missing);
  }

  /** Forgets what was created, after the transaction that created it rolled back. */
  void forget() {
    known.clear();
  }
}
