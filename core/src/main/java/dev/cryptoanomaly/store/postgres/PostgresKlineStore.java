package dev.cryptoanomaly.store.postgres;

import dev.cryptoanomaly.UserException;
import dev.cryptoanomaly.kline.Kline;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.store.JdbcKlineStore;
import dev.cryptoanomaly.store.Provenance;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The server store: PostgreSQL, chosen by {@code DATABASE_URL}. Candles are bulk-loaded with COPY
 * into a temporary staging table, then merged into {@code klines} with one {@code INSERT ... ON
 * CONFLICT DO UPDATE}, so re-ingesting a month is one round of COPY and leaves no duplicates.
 * Flyway takes an advisory lock, so processes starting together migrate once. {@code klines} is a
 * TimescaleDB hypertable when the server has TimescaleDB, else partitioned by month (see {@link
 * KlinesLayoutMigration}).
 */
public final class PostgresKlineStore extends JdbcKlineStore {
  private static final String UNIQUE_VIOLATION = "23505";
  private static final List<String> VALUE_COLUMNS =
      List.of(
          "open",
          "high",
          "low",
          "close",
          "volume",
          "close_time",
          "quote_volume",
          "trades",
          "taker_buy_base",
          "taker_buy_quote");

  /** Parallel COPY streams for a long read: the client's cores, at most 4. */
  private static final int READ_PARALLELISM =
      Math.min(4, Runtime.getRuntime().availableProcessors());

  private final KlinesLayout layout;
  private final MonthlyPartitions partitions = new MonthlyPartitions();
  private final ParallelRangeReader reader;

  private PostgresKlineStore(
      Connection connection, PostgresUrl url, KlinesLayout layout, DataSource dataSource) {
    super(connection, url + " (klines: " + layout.label() + ")");
    this.layout = layout;
    this.reader = new ParallelRangeReader(dataSource, READ_PARALLELISM);
  }

  /** Connects and migrates; a wrong password or unreachable host is one line naming the server. */
  /** Opens with the tested monthly partitions (TimescaleDB not asked for). */
  public static PostgresKlineStore open(PostgresUrl url) {
    return open(url, false);
  }

  /**
   * Opens (creating and migrating as needed); {@code timescale} asks for the hypertable layout,
   * which is only used when the server has the extension.
   */
  public static PostgresKlineStore open(PostgresUrl url, boolean timescale) {
    PGSimpleDataSource ds = dataSource(url);
    try {
      Flyway.configure()
          .dataSource(ds)
          .locations("classpath:db/migration/postgres")
          .javaMigrations(new KlinesLayoutMigration(timescale))
          .loggers("slf4j")
          .load()
          .migrate();
    } catch (FlywayException e) {
      throw new UserException("cannot open " + url + ": " + rootMessage(e), e);
    }
    try {
      Connection connection = ds.getConnection();
      return new PostgresKlineStore(connection, url, KlinesLayout.of(connection), ds);
    } catch (SQLException e) {
      throw new UserException("cannot open " + url + ": " + rootMessage(e), e);
    }
  }

  /** Unpooled connections to the database of a URL, as the store makes them. */
  public static PGSimpleDataSource dataSource(PostgresUrl url) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(url.jdbcUrl());
    if (url.user() != null) {
      ds.setUser(url.user());
    }
    if (url.password() != null) {
      ds.setPassword(url.password());
    }
    ds.setConnectTimeout(10);
    ds.setApplicationName("crypto-anomaly");
    return ds;
  }

  /** The driver's first line, which names the failure (never the password). */
  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return m.lines().findFirst().orElse(m);
  }

  @Override
  public synchronized long write(SeriesKey series, List<Kline> klines, Provenance provenance) {
    if (layout == KlinesLayout.MONTHLY_PARTITIONS && !klines.isEmpty()) {
      // In a short transaction of its own, so the candle transaction takes no lock on klines
      // beyond what its rows need.
      Set<YearMonth> months = new TreeSet<>();
      for (Kline k : klines) {
        months.add(MonthlyPartitions.monthOf(k.openTime()));
      }
      try {
        inTransaction(
            () -> {
              partitions.create(connection, months);
              return 0L;
            });
      } catch (RuntimeException e) {
        partitions.forget();
        throw e;
      }
    }
    return super.write(series, klines, provenance);
  }

  /** Row lock on the series: two processes writing one series take turns on its coverage. */
  @Override
  protected void lockSeries(long seriesId) throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement("SELECT id FROM series WHERE id = ? FOR UPDATE")) {
      ps.setLong(1, seriesId);
      ps.executeQuery().close();
    }
  }

  @Override
  protected void beginSnapshot() throws SQLException {
    connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
    connection.setReadOnly(true);
  }

  @Override
  protected void endSnapshot() throws SQLException {
    connection.setReadOnly(false);
    connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
  }

  /**
   * A range the series has no candles in yet (the usual case: collecting new days) is copied
   * straight into {@code klines}; otherwise, or when a concurrent writer got there first, rows go
   * through the staging table and one merge that rewrites only rows that changed.
   */
  @Override
  protected void upsertKlines(long seriesId, List<Kline> klines) throws SQLException {
    if (klines.isEmpty()) {
      return;
    }
    Map<Long, Kline> last = new LinkedHashMap<>();
    long first = Long.MAX_VALUE;
    long lastTime = Long.MIN_VALUE;
    for (Kline k : klines) {
      last.put(k.openTime(), k); // the last row of an open time wins, as in the embedded store
      first = Math.min(first, k.openTime());
      lastTime = Math.max(lastTime, k.openTime());
    }
    if (!anyStored(seriesId, first, lastTime)) {
      Savepoint before = connection.setSavepoint();
      try {
        copyIn("klines", seriesId, last.values());
        connection.releaseSavepoint(before);
        return;
      } catch (SQLException e) {
        if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
          throw e;
        }
        connection.rollback(before); // another process wrote some of these meanwhile: merge
      }
    }
    try (Statement st = connection.createStatement()) {
      // Every time: a table created in a transaction that rolled back is gone. Commit empties it.
      st.execute(
          "CREATE TEMP TABLE IF NOT EXISTS klines_stage (LIKE klines) ON COMMIT DELETE ROWS");
      copyIn("klines_stage", seriesId, last.values());
      st.executeUpdate(
          "INSERT INTO klines AS t SELECT * FROM klines_stage ON CONFLICT (series_id, open_time)"
              + " DO UPDATE SET "
              + String.join(", ", VALUE_COLUMNS.stream().map(c -> c + "=excluded." + c).toList())
              + " WHERE ("
              + String.join(", ", VALUE_COLUMNS.stream().map(c -> "t." + c).toList())
              + ") IS DISTINCT FROM ("
              + String.join(", ", VALUE_COLUMNS.stream().map(c -> "excluded." + c).toList())
              + ")");
    }
  }

  private boolean anyStored(long seriesId, long from, long to) throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT EXISTS (SELECT 1 FROM klines WHERE series_id = ? AND open_time BETWEEN ? AND"
                + " ?)")) {
      ps.setLong(1, seriesId);
      ps.setLong(2, from);
      ps.setLong(3, to);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  private void copyIn(String table, long seriesId, Iterable<Kline> klines) throws SQLException {
    try (PGCopyOutputStream out =
        new PGCopyOutputStream(
            connection.unwrap(PGConnection.class),
            "COPY " + table + " FROM STDIN (FORMAT binary)")) {
      KlineBinaryCopy.write(out, seriesId, klines);
    } catch (IOException e) {
      throw new SQLException("COPY into " + table + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * Reads through binary COPY, several times faster than a result set of text doubles; a range of
   * more than {@link ParallelRangeReader#MIN_ROWS_PER_SLICE} candles is read in parallel slices
   * from one snapshot.
   */
  @Override
  public synchronized List<Kline> read(SeriesKey series, long from, long to) {
    long id = query(() -> seriesId(series, false));
    if (id < 0) {
      return new ArrayList<>();
    }
    long[] stored = query(() -> storedBounds(id, from, to));
    if (stored.length == 0) {
      return new ArrayList<>();
    }
    int slices = reader.slicesFor(series.interval().candlesBetween(stored[0], stored[1]) + 1);
    if (slices == 1) {
      return query(() -> ParallelRangeReader.copyOut(connection, id, from, to));
    }
    return inSnapshot(() -> reader.read(connection, id, stored[0], stored[1] + 1, slices));
  }

  /** First and last stored open time in {@code [from, to)}; empty when there is none. */
  private long[] storedBounds(long seriesId, long from, long to) throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT MIN(open_time), MAX(open_time) FROM klines WHERE series_id = ? AND"
                + " open_time >= ? AND open_time < ?")) {
      ps.setLong(1, seriesId);
      ps.setLong(2, from);
      ps.setLong(3, to);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        long first = rs.getLong(1);
        return rs.wasNull() ? new long[0] : new long[] {first, rs.getLong(2)};
      }
    }
  }

  @Override
  public synchronized void close() {
    reader.close();
    super.close();
  }
}
