package dev.cryptoanomaly.store.postgres;

import dev.cryptoanomaly.config.Settings;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.YearMonth;
import java.util.Set;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Migration V3: lays {@code klines} out for years of 1m candles, keeping the rows a V1/V2 database
 * already holds. When {@code CRYPTO_ANOMALY_STORE__TIMESCALE=true} asks for it and the server can
 * load TimescaleDB, klines becomes a hypertable of 30-day chunks whose chunks are compressed once
 * older than {@link #COMPRESS_AFTER_DAYS} days, so that {@code update} (which rewrites the last day
 * or so) never touches a compressed chunk. Otherwise (the default, the layout every test runs)
 * klines becomes natively range-partitioned by month, each partition with the (series_id,
 * open_time) primary key, which serves every query the store makes and lets them prune by time.
 *
 * <p>Both layouts drop the V1 foreign key from klines to series: its per-row check costs more than
 * the insert itself (COPY of 527k candles: 3.6 s with it, 0.9 s without), and the only writer of
 * {@code series_id} is the store, which interns the series in the same transaction.
 *
 * <p>It is Java, not SQL, because whether TimescaleDB works is only known by trying: the attempt
 * runs under a savepoint and a failure rolls back to it.
 */
final class KlinesLayoutMigration implements JavaMigration {
  private final boolean timescale;

  KlinesLayoutMigration(boolean timescale) {
    this.timescale = timescale;
  }

  static final int COMPRESS_AFTER_DAYS = 90;
  private static final long DAY_MS = 86_400_000L;
  private static final Logger log = LoggerFactory.getLogger(KlinesLayoutMigration.class);

  @Override
  public MigrationVersion getVersion() {
    return MigrationVersion.fromVersion("3");
  }

  @Override
  public String getDescription() {
    return "klines as hypertable or monthly partitions";
  }

  @Override
  public Integer getChecksum() {
    return 3;
  }

  @Override
  public boolean canExecuteInTransaction() {
    return true;
  }

  @Override
  public void migrate(Context context) throws SQLException {
    Connection c = context.getConnection();
    if (!timescale) {
      partitionByMonth(c);
      log.info("klines is partitioned by month ({} not set)", Settings.TIMESCALE);
      return;
    }
    if (timescaleAvailable(c) && tryHypertable(c)) {
      log.info("klines is a TimescaleDB hypertable");
      return;
    }
    partitionByMonth(c);
    log.warn(
        "{} asks for a TimescaleDB hypertable, but the server cannot make one: klines is"
            + " partitioned by month",
        Settings.TIMESCALE);
  }

  private static boolean timescaleAvailable(Connection c) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery("SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb'")) {
      return rs.next();
    }
  }

  /** Tries the hypertable layout; false (and nothing changed) when the server refuses it. */
  private static boolean tryHypertable(Connection c) throws SQLException {
    Savepoint before = c.setSavepoint();
    try (Statement st = c.createStatement()) {
      st.execute("CREATE EXTENSION IF NOT EXISTS timescaledb");
      st.execute("ALTER TABLE klines DROP CONSTRAINT IF EXISTS klines_series_id_fkey");
      st.execute(
          "SELECT create_hypertable('klines', 'open_time', chunk_time_interval => "
              + 30 * DAY_MS
              + "::bigint, migrate_data => true)");
      st.execute(
          "CREATE OR REPLACE FUNCTION klines_now_ms() RETURNS BIGINT LANGUAGE SQL STABLE AS"
              + " $$ SELECT (extract(epoch FROM now()) * 1000)::bigint $$");
      st.execute("SELECT set_integer_now_func('klines', 'klines_now_ms')");
      st.execute(
          "ALTER TABLE klines SET (timescaledb.compress,"
              + " timescaledb.compress_segmentby = 'series_id',"
              + " timescaledb.compress_orderby = 'open_time')");
      st.execute(
          "SELECT add_compression_policy('klines', compress_after => "
              + COMPRESS_AFTER_DAYS * DAY_MS
              + "::bigint)");
      c.releaseSavepoint(before);
      return true;
    } catch (SQLException e) {
      c.rollback(before);
      log.warn("TimescaleDB is installed but unusable, partitioning by month: {}", e.getMessage());
      return false;
    }
  }

  private static void partitionByMonth(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute("ALTER TABLE klines RENAME TO klines_unpartitioned");
      st.execute(
          "ALTER TABLE klines_unpartitioned RENAME CONSTRAINT klines_pkey"
              + " TO klines_unpartitioned_pkey");
      st.execute(
          "CREATE TABLE klines (LIKE klines_unpartitioned INCLUDING DEFAULTS,"
              + " PRIMARY KEY (series_id, open_time))"
              + " PARTITION BY RANGE (open_time)");
      try (ResultSet rs =
          st.executeQuery("SELECT MIN(open_time), MAX(open_time) FROM klines_unpartitioned")) {
        rs.next();
        long first = rs.getLong(1);
        if (!rs.wasNull()) {
          Set<YearMonth> months = MonthlyPartitions.between(first, rs.getLong(2));
          new MonthlyPartitions().create(c, months);
        }
      }
      st.execute("INSERT INTO klines SELECT * FROM klines_unpartitioned");
      st.execute("DROP TABLE klines_unpartitioned");
    }
  }
}
