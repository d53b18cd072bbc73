package dev.cryptoanomaly.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cryptoanomaly.UserException;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.store.KlineStoreContract;
import dev.cryptoanomaly.store.StoredDecision;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

class SqliteKlineStoreTest extends KlineStoreContract {
  @TempDir Path dir;

  @Override
  protected KlineStore openEmptyStore() {
    return SqliteKlineStore.open(dir.resolve("home"));
  }

  @Test
  void isOneFileThatSurvivesReopening() {
    store.write(BTC, run(T0, 20), ledger("a", BTC, 20));
    store.close();
    store = SqliteKlineStore.open(dir.resolve("home"));
    assertThat(store.count(BTC)).isEqualTo(20);
    assertThat(dir.resolve("home").resolve(SqliteKlineStore.FILE_NAME)).isRegularFile();
  }

  /**
   * A store written before the coverage ledger (V9) has candles but no summaries: its coverage is
   * worked out once, on the first read, and kept from then on.
   */
  @Test
  void aStoreWrittenBeforeTheCoverageLedgerIsSummarisedOnItsFirstRead() throws Exception {
    var klines = new java.util.ArrayList<>(run(T0, 10));
    klines.addAll(run(T0 + 15 * 60_000L, 5));
    store.write(BTC, klines, ledger("a", BTC, klines.size()));
    var before = store.coverage();
    store.close();
    try (Connection c =
            SqliteKlineStore.dataSource(SqliteKlineStore.file(dir.resolve("home")))
                .getConnection();
        Statement st = c.createStatement()) {
      st.execute("DELETE FROM series_summary");
      st.execute("DELETE FROM series_gaps");
    }
    store = SqliteKlineStore.open(dir.resolve("home"));
    assertThat(store.coverage()).isEqualTo(before);
    assertThat(store.gaps(BTC)).hasSize(1);
    store.write(BTC, run(T0 + 10 * 60_000L, 2), ledger("b", BTC, 2));
    assertThat(store.gaps(BTC))
        .containsExactly(new dev.cryptoanomaly.store.Gap(T0 + 12 * 60_000L, T0 + 15 * 60_000L, 3));
  }

  /**
   * A store of the V6 schema, whose decisions and marks referenced series, is migrated to tables
   * without that foreign key, keeping every decision and mark.
   */
  @Test
  void decisionsAndMarksOfAnOlderStoreSurviveTheMigration() throws Exception {
    store.close();
    Path home = dir.resolve("old");
    Files.createDirectories(home);
    SQLiteDataSource old = SqliteKlineStore.dataSource(SqliteKlineStore.file(home));
    Flyway.configure()
        .dataSource(old)
        .locations("classpath:db/migration/sqlite")
        .target("6")
        .load()
        .migrate();
    try (Connection c = old.getConnection();
        Statement st = c.createStatement()) {
      st.execute(
          "INSERT INTO series (id, market, symbol, interval) VALUES (7,'spot','BTCUSDT','1m')");
      st.execute(
          "INSERT INTO decisions (model, model_version, open_time, series_id, score, probability,"
              + " hit, exclusion, alert, published_at, decided_at) VALUES"
              + " ('m', 1, 60000, 7, 1.5, 0.25, 0, NULL, NULL, 10, 11),"
              + " ('m', 1, 120000, 7, NULL, NULL, 0, 'warmup_or_gap', NULL, NULL, 12)");
      st.execute(
          "INSERT INTO decision_marks (series_id, model, model_version, last_open_time)"
              + " VALUES (7, 'm', 1, 120000)");
    }
    store = SqliteKlineStore.open(home);
    assertThat(store.decisions(BTC, "m", 1, 0, Long.MAX_VALUE))
        .containsExactly(
            new StoredDecision(60_000, 1.5, 0.25, false, null, null, 10, 11),
            new StoredDecision(
                120_000, Double.NaN, Double.NaN, false, "warmup_or_gap", null, -1, 12));
    assertThat(store.lastDecision(BTC, "m", 1)).hasValue(120_000);
    try (Connection c = old.getConnection();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT count(*) FROM pragma_foreign_key_list('decisions')"
                    + " UNION ALL SELECT count(*) FROM pragma_foreign_key_list('decision_marks')")) {
      while (rs.next()) {
        assertThat(rs.getInt(1)).isZero();
      }
    }
  }

  @Test
  void unusableDataFolderIsAUserError() throws Exception {
    Path file = Files.writeString(dir.resolve("plain-file"), "x");
    assertThatThrownBy(() -> SqliteKlineStore.open(file.resolve("home")))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("data folder")
        .hasMessageContaining("plain-file");
  }

  @Test
  void storesOpenedTogetherInOneProcessMigrateOnceWithoutFailing() throws Exception {
    Path home = dir.resolve("together");
    int threads = 12;
    java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(threads);
    try {
      java.util.List<java.util.concurrent.Future<Long>> opened = new java.util.ArrayList<>();
      for (int i = 0; i < threads; i++) {
        opened.add(
            pool.submit(
                () -> {
                  start.await();
                  try (KlineStore s = SqliteKlineStore.open(home)) {
                    return s.count(BTC);
                  }
                }));
      }
      start.countDown();
      for (var f : opened) {
        assertThat(f.get()).isZero();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aFullDiskIsOneLineNamingTheCauseAndKeepsWhatWasStored() throws Exception {
    store.write(BTC, run(T0, 20), ledger("a", BTC, 20));
    ((SqliteKlineStore) store).capPagesForTest(2);
    assertThatThrownBy(
            () -> store.write(BTC, run(T0 + 20 * 60_000L, 50_000), ledger("b", BTC, 50_000)))
        .isInstanceOf(dev.cryptoanomaly.store.StoreException.class)
        .hasMessageContaining("full")
        .hasMessageContaining("nothing of it was stored")
        .hasMessageNotContaining("no transaction is active");
    assertThat(store.count(BTC)).isEqualTo(20);
    assertThat(store.provenance("b")).isEmpty();
  }
}
