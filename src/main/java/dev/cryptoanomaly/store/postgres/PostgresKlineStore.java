package dev.cryptoanomaly.store.postgres;

import dev.cryptoanomaly.UserException;
import dev.cryptoanomaly.kline.Kline;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.store.JdbcKlineStore;
import dev.cryptoanomaly.store.Provenance;
import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.postgresql.PGConnection;
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
  private final KlinesLayout layout;
  private final MonthlyPartitions partitions = new MonthlyPartitions();

  private PostgresKlineStore(Connection connection, PostgresUrl url, KlinesLayout layout) {
    super(connection, url + " (klines: " + layout.label() + ")");
    this.layout = layout;
  }

  /** Connects and migrates; a wrong password or unreachable host is one line naming the server. */
  public static PostgresKlineStore open(PostgresUrl url) {
    PGSimpleDataSource ds = dataSource(url);
    try {
      Flyway.configure()
          .dataSource(ds)
          .locations("classpath:db/migration/postgres")
          .javaMigrations(new KlinesLayoutMigration())
          .loggers("slf4j")
          .load()
          .migrate();
    } catch (FlywayException e) {
      throw new UserException("cannot open " + url + ": " + rootMessage(e), e);
    }
    try {
      Connection connection = ds.getConnection();
      return new PostgresKlineStore(connection, url, KlinesLayout.of(connection));
    } catch (SQLException e) {
      throw new UserException("cannot open " + url + ": " + rootMessage(e), e);
    }
  }

  static PGSimpleDataSource dataSource(PostgresUrl url) {
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

  @Override
  protected void upsertKlines(long seriesId, List<Kline> klines) throws SQLException {
    if (klines.isEmpty()) {
      return;
    }
    Map<Long, Kline> last = new LinkedHashMap<>();
    for (Kline k : klines) {
      last.put(k.openTime(), k); // the last row of an open time wins, as in the embedded store
    }
    try (Statement st = connection.createStatement()) {
      // Every time: a table created in a transaction that rolled back is gone. Commit empties it.
      st.execute(
          "CREATE TEMP TABLE IF NOT EXISTS klines_stage (LIKE klines) ON COMMIT DELETE ROWS");
      copyIn(seriesId, last.values());
      st.executeUpdate(
          "INSERT INTO klines SELECT * FROM klines_stage ON CONFLICT (series_id, open_time) DO"
              + " UPDATE SET open=excluded.open, high=excluded.high, low=excluded.low,"
              + " close=excluded.close, volume=excluded.volume, close_time=excluded.close_time,"
              + " quote_volume=excluded.quote_volume, trades=excluded.trades,"
              + " taker_buy_base=excluded.taker_buy_base,"
              + " taker_buy_quote=excluded.taker_buy_quote");
    }
  }

  private void copyIn(long seriesId, Iterable<Kline> klines) throws SQLException {
    StringBuilder text = new StringBuilder(1 << 16);
    for (Kline k : klines) {
      text.append(seriesId)
          .append('\t')
          .append(k.openTime())
          .append('\t')
          .append(k.open())
          .append('\t')
          .append(k.high())
          .append('\t')
          .append(k.low())
          .append('\t')
          .append(k.close())
          .append('\t')
          .append(k.volume())
          .append('\t')
          .append(k.closeTime())
          .append('\t')
          .append(k.quoteVolume())
          .append('\t')
          .append(k.trades())
          .append('\t')
          .append(k.takerBuyBase())
          .append('\t')
          .append(k.takerBuyQuote())
          .append('\n');
    }
    try {
      connection
          .unwrap(PGConnection.class)
          .getCopyAPI()
          .copyIn("COPY klines_stage FROM STDIN", new StringReader(text.toString()));
    } catch (IOException e) {
      throw new SQLException("COPY failed: " + e.getMessage(), e);
    }
  }
}
