package dev.cryptoanomaly.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cryptoanomaly.UserException;
import dev.cryptoanomaly.kline.Kline;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.store.KlineStoreContract;
import dev.cryptoanomaly.testkit.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The store contract on a real PostgreSQL server, a fresh database per test. */
@Tag("postgres")
class PostgresKlineStoreTest extends KlineStoreContract {
  private PostgresUrl database;

  @Override
  protected KlineStore openEmptyStore() {
    database = TestPostgres.createDatabase();
    return PostgresKlineStore.open(database);
  }

  @AfterEach
  void dropDatabase() {
    if (database != null) {
      store.close();
      TestPostgres.dropDatabase(database);
    }
  }

  @Test
  void aLongRangeIsReadInParallelSlicesWithNothingLostOrRepeated() {
    // Over 2 x MIN_ROWS_PER_SLICE so that the parallel path runs with at least two slices, and
    // with a gap so the slices are uneven.
    List<Kline> klines = new ArrayList<>(KlineStoreContract.run(KlineStoreContract.T0, 150_000));
    klines.addAll(KlineStoreContract.run(KlineStoreContract.T0 + 200_000 * 60_000L, 100_000));
    store.write(KlineStoreContract.BTC, klines, null);
    assertThat(store.read(KlineStoreContract.BTC, 0, Long.MAX_VALUE)).isEqualTo(klines);
    long from = klines.get(1000).openTime();
    long to = klines.get(240_000).openTime();
    assertThat(store.read(KlineStoreContract.BTC, from, to))
        .isEqualTo(klines.subList(1000, 240_000));
  }

  @Test
  void aDatabaseOfTheOlderSchemaIsMigratedForwardKeepingItsCandles() throws Exception {
    PostgresUrl old = TestPostgres.createDatabase();
    try {
      Flyway.configure()
          .dataSource(PostgresKlineStore.dataSource(old))
          .locations("classpath:db/migration/postgres")
          .target("2")
          .load()
          .migrate();
      long jan31 = Instant.parse("2024-01-31T23:00:00Z").toEpochMilli();
      List<Kline> klines = KlineStoreContract.run(jan31, 60 * 24 * 30); // into March
      try (Connection c = PostgresKlineStore.dataSource(old).getConnection();
          Statement st = c.createStatement()) {
        st.execute("INSERT INTO series (market, symbol, interval) VALUES ('spot','BTCUSDT','1m')");
        try (PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO klines SELECT s.id, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM series s")) {
          for (Kline k : klines) {
            ps.setLong(1, k.openTime());
            ps.setDouble(2, k.open());
            ps.setDouble(3, k.high());
            ps.setDouble(4, k.low());
            ps.setDouble(5, k.close());
            ps.setDouble(6, k.volume());
            ps.setLong(7, k.closeTime());
            ps.setDouble(8, k.quoteVolume());
            ps.setLong(9, k.trades());
            ps.setDouble(10, k.takerBuyBase());
            ps.setDouble(11, k.takerBuyQuote());
            ps.addBatch();
          }
          ps.executeBatch();
        }
      }

      try (PostgresKlineStore migrated = PostgresKlineStore.open(old)) {
        assertThat(migrated.describe()).contains("monthly partitions");
        assertThat(migrated.read(KlineStoreContract.BTC, 0, Long.MAX_VALUE)).isEqualTo(klines);
        assertThat(partitionsOfKlines(old))
            .containsExactly("klines_2024_01", "klines_2024_02", "klines_2024_03");
        // A later month gets its partition on write.
        long may = Instant.parse("2024-05-10T00:00:00Z").toEpochMilli();
        migrated.write(KlineStoreContract.BTC, KlineStoreContract.run(may, 10), null);
        assertThat(migrated.count(KlineStoreContract.BTC)).isEqualTo(klines.size() + 10L);
      }
      assertThat(partitionsOfKlines(old)).contains("klines_2024_05");
    } finally {
      TestPostgres.dropDatabase(old);
    }
  }

  @Test
  void theDefaultLayoutIsTheTestedMonthlyPartitionsAndTimescaleIsOptIn() throws Exception {
    store.write(BTC, run(T0, 20), ledger("a", BTC, 20));
    assertThat(store.describe()).contains("monthly partitions");
    assertThat(partitionsOfKlines(database)).isNotEmpty();
    assertThat(
            dev.cryptoanomaly.config.Settings.fromMap(
                    java.util.Map.of(), java.nio.file.Path.of("."))
                .timescale())
        .isFalse();
    assertThatThrownBy(
            () ->
                dev.cryptoanomaly.config.Settings.fromMap(
                    java.util.Map.of("CRYPTO_ANOMALY_STORE__TIMESCALE", "maybe"),
                    java.nio.file.Path.of(".")))
        .hasMessage("CRYPTO_ANOMALY_STORE__TIMESCALE must be true or false, got 'maybe'");
    // Asked for on a server without the extension, the store still opens, partitioned by month.
    PostgresUrl other = TestPostgres.createDatabase();
    try (PostgresKlineStore asked = PostgresKlineStore.open(other, true)) {
      asked.write(BTC, run(T0, 20), ledger("a", BTC, 20));
      assertThat(asked.count(BTC)).isEqualTo(20);
      assertThat(partitionsOfKlines(other)).isNotEmpty();
    } finally {
      TestPostgres.dropDatabase(other);
    }
  }

  private static List<String> partitionsOfKlines(PostgresUrl db) throws Exception {
    List<String> names = new ArrayList<>();
    try (Connection c = PostgresKlineStore.dataSource(db).getConnection();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT inhrelid::regclass::text FROM pg_inherits"
                    + " WHERE inhparent = 'klines'::regclass ORDER BY 1")) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    return names;
  }

  @Test
  void wrongPasswordIsOneLineNamingServerAndDatabaseButNotThePassword() {
    PostgresUrl good = database;
    PostgresUrl bad =
        new PostgresUrl(
            good.host(), good.port(), good.database(), good.user(), "s3cret-wrong", null);
    assertThatThrownBy(() -> PostgresKlineStore.open(bad))
        .isInstanceOf(UserException.class)
        .satisfies(
            e -> {
              assertThat(e.getMessage().lines()).hasSize(1);
              assertThat(e.getMessage())
                  .contains(good.database())
                  .contains("127.0.0.1:5432")
                  .doesNotContain("s3cret-wrong");
            });
  }

  @Test
  void unreachableHostIsOneLine() {
    PostgresUrl nowhere = PostgresUrl.parse("postgresql://u:hidden@127.0.0.1:1/somedb");
    assertThatThrownBy(() -> PostgresKlineStore.open(nowhere))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("'somedb' on 127.0.0.1:1")
        .hasMessageNotContaining("hidden");
  }
}
