package dev.cryptoanomaly.store.postgres;

import dev.cryptoanomaly.kline.Kline;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyInputStream;

/**
 * Reads candles of one series through binary COPY, and a long range as several time slices in
 * parallel on extra connections that share the main connection's snapshot ({@code
 * pg_export_snapshot}, as {@code pg_dump -j} does): one COPY stream is bound by one server core,
 * and the slices together still see exactly one state of the database. The extra connections are
 * opened on first need and kept until {@link #close()}.
 */
final class ParallelRangeReader implements AutoCloseable {
  /** Below this many candles per slice, another connection costs more than it saves. */
  static final long MIN_ROWS_PER_SLICE = 100_000;

  private final DataSource dataSource;
  private final int parallelism;
  private final List<Connection> helpers = new ArrayList<>();

  ParallelRangeReader(DataSource dataSource, int parallelism) {
    this.dataSource = dataSource;
    this.parallelism = parallelism;
  }

  /** How many slices a range of about {@code rows} candles is worth. */
  int slicesFor(long rows) {
    return (int) Math.max(1, Math.min(parallelism, rows / MIN_ROWS_PER_SLICE));
  }

  /** One COPY of {@code [from, to)} on {@code connection}. */
  static List<Kline> copyOut(Connection connection, long seriesId, long from, long to)
      throws SQLException {
    String select =
        "SELECT open_time, open, high, low, close, volume, close_time, quote_volume, trades,"
            + " taker_buy_base, taker_buy_quote FROM klines WHERE series_id = "
            + seriesId
            + " AND open_time >= "
            + from
            + " AND open_time < "
            + to
            + " ORDER BY open_time";
    try (PGCopyInputStream in =
        new PGCopyInputStream(
            connection.unwrap(PGConnection.class),
            "COPY (" + select + ") TO STDOUT (FORMAT binary)")) {
      return KlineBinaryCopy.read(in);
    } catch (IOException e) {
      throw new SQLException("COPY out of klines failed: " + e.getMessage(), e);
    }
  }

  /**
   * Reads {@code [from, to)} in {@code slices} equal time slices. {@code main} must be in a
   * repeatable-read transaction; its snapshot is exported to the helpers.
   */
  List<Kline> read(Connection main, long seriesId, long from, long to, int slices)
      throws SQLException {
    String snapshot;
    try (Statement st = main.createStatement();
        ResultSet rs = st.executeQuery("SELECT pg_export_snapshot()")) {
      rs.next();
      snapshot = rs.getString(1);
    }
    while (helpers.size() < slices - 1) {
      helpers.add(dataSource.getConnection());
    }
    long width = (to - from + slices - 1) / slices;
    List<Future<List<Kline>>> parts = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 1; i < slices; i++) {
        Connection helper = helpers.get(i - 1);
        long lo = from + i * width;
        long hi = Math.min(to, lo + width);
        parts.add(pool.submit(() -> inSnapshot(helper, snapshot, seriesId, lo, hi)));
      }
      List<Kline> out = copyOut(main, seriesId, from, Math.min(to, from + width));
      for (Future<List<Kline>> part : parts) {
        out.addAll(part.get());
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while reading klines", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof SQLException sql) {
        throw sql;
      }
      throw new SQLException("reading a slice of klines failed: " + e.getCause(), e.getCause());
    }
  }

  private static List<Kline> inSnapshot(
      Connection helper, String snapshot, long seriesId, long from, long to) throws SQLException {
    helper.setAutoCommit(false);
    helper.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
    try (Statement st = helper.createStatement()) {
      st.execute("SET TRANSACTION SNAPSHOT '" + snapshot + "'");
      return copyOut(helper, seriesId, from, to);
    } finally {
      helper.rollback(); // read-only work: nothing to keep
      helper.setAutoCommit(true);
    }
  }

  @Override
  public void close() {
    for (Connection c : helpers) {
      try {
        c.close();
      } catch (SQLException e) {
        // closing: nothing left to do with a connection that will not close cleanly
      }
    }
    helpers.clear();
  }
}
