package dev.cryptoanomaly.bench;

import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Kline;
import dev.cryptoanomaly.kline.Market;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.kline.Symbols;
import dev.cryptoanomaly.simulate.MarketSimulator;
import dev.cryptoanomaly.store.postgres.PostgresKlineStore;
import dev.cryptoanomaly.store.postgres.PostgresUrl;
import dev.cryptoanomaly.testkit.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The PostgreSQL store on the server of {@code CRYPTO_ANOMALY_TEST_DATABASE_URL} (default the one
 * {@code .ci/run} starts), each contender in a fresh database of its own, same run: ingest of 5
 * symbols x 365 days x 1m (about 2.6M rows, one write per symbol-month as the collector does) by
 * COPY + merge, then the same again (re-ingest, every row an update), against batched INSERT ... ON
 * CONFLICT (8192 rows per batch, reWriteBatchedInserts) and row-by-row INSERT with autocommit on a
 * sample; then reading one symbol-year of 1m into memory through the store, against a plain JDBC
 * loop over the same query. Prints JSON. Run with {@code ./bench postgres}.
 */
public final class PostgresBenchmark {
  private static final String INSERT =
      "INSERT INTO klines VALUES (?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (series_id, open_time)"
          + " DO UPDATE SET open=excluded.open, high=excluded.high, low=excluded.low,"
          + " close=excluded.close, volume=excluded.volume, close_time=excluded.close_time,"
          + " quote_volume=excluded.quote_volume, trades=excluded.trades,"
          + " taker_buy_base=excluded.taker_buy_base, taker_buy_quote=excluded.taker_buy_quote";

  private PostgresBenchmark() {}

  public static void main(String[] args) throws Exception {
    int sampleRows = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int monthsOfData = args.length > 1 ? Integer.parseInt(args[1]) : 12;
    Instant start = Instant.parse("2024-01-01T00:00:00Z");
    int minutes =
        (int)
            (java.time.temporal.ChronoUnit.DAYS.between(
                    java.time.LocalDate.of(2024, 1, 1),
                    java.time.LocalDate.of(2024, 1, 1).plusMonths(monthsOfData))
                * 1440); // whole months of 2024
    Map<String, List<Kline>> market =
        new MarketSimulator(2024).simulate(Symbols.DEFAULTS, start, minutes).klines();
    long rows = market.values().stream().mapToLong(List::size).sum();
    Map<SeriesKey, List<List<Kline>>> months = byMonth(market);

    Map<String, Object> out = new LinkedHashMap<>();
    out.put("benchmark", "postgres-store");
    out.put("rows", rows);
    PostgresUrl copyDb = TestPostgres.createDatabase();
    PostgresUrl batchDb = TestPostgres.createDatabase();
    PostgresUrl rowDb = TestPostgres.createDatabase();
    try {
      try (PostgresKlineStore store = PostgresKlineStore.open(copyDb)) {
        out.put("layout", store.describe().replaceFirst(".*\\(klines: (.*)\\)", "$1"));
        double first = timed(() -> writeAll(store, months));
        double again = timed(() -> writeAll(store, months));
        out.put("ours_copy_ingest_rows_per_s", Math.round(rows / first));
        out.put("ours_copy_reingest_rows_per_s", Math.round(rows / again));

        SeriesKey btc = new SeriesKey(Market.SPOT, "BTCUSDT", Interval.M1);
        long from = start.toEpochMilli();
        long to = from + minutes * 60_000L;
        double readBest = Double.MAX_VALUE;
        double plainBest = Double.MAX_VALUE;
        int read = 0;
        for (int i = 0; i < 5; i++) {
          long t0 = System.nanoTime();
          read = store.read(btc, from, to).size();
          readBest = Math.min(readBest, (System.nanoTime() - t0) / 1e9);
          long t1 = System.nanoTime();
          int plain = plainJdbcRead(copyDb, from, to);
          plainBest = Math.min(plainBest, (System.nanoTime() - t1) / 1e9);
          if (plain != read) {
            throw new IllegalStateException("reads disagree: " + plain + " vs " + read);
          }
        }
        out.put("read_rows", read);
        out.put("ours_read_rows_per_s", Math.round(read / readBest));
        out.put("read_plain_jdbc_rows_per_s", Math.round(read / plainBest));
        out.put("read_ratio_vs_plain_jdbc", round(plainBest / readBest));
      }

      try (PostgresKlineStore store = PostgresKlineStore.open(batchDb);
          Connection c = connect(batchDb, "reWriteBatchedInserts=true")) {
        store.write(
            new SeriesKey(Market.SPOT, "BTCUSDT", Interval.M1), List.of(), null); // series row
        createPartitions(store, months);
        double seconds = timed(() -> batchedInsert(c, market));
        out.put("batched_insert_rows_per_s", Math.round(rows / seconds));
      }

      try (PostgresKlineStore store = PostgresKlineStore.open(rowDb);
          Connection c = connect(rowDb, "")) {
        createPartitions(store, months);
        List<Kline> sample = market.get("BTCUSDT").subList(0, sampleRows);
        double seconds = timed(() -> rowByRow(c, sample));
        out.put("row_by_row_sample_rows", sampleRows);
        out.put("row_by_row_rows_per_s", Math.round(sampleRows / seconds));
      }
    } finally {
      TestPostgres.dropDatabase(copyDb);
      TestPostgres.dropDatabase(batchDb);
      TestPostgres.dropDatabase(rowDb);
    }
    long copy = (Long) out.get("ours_copy_ingest_rows_per_s");
    out.put(
        "copy_vs_batched_insert",
        round(copy / (double) (Long) out.get("batched_insert_rows_per_s")));
    out.put("copy_vs_row_by_row", round(copy / (double) (Long) out.get("row_by_row_rows_per_s")));
    out.put("target_ingest_rows_per_s", 300_000);
    out.put("target_read_rows_per_s", 2_000_000);
    System.out.println(json(out));
  }

  private interface Work {
    void run() throws Exception;
  }

  private static double timed(Work work) throws Exception {
    long t0 = System.nanoTime();
    work.run();
    return (System.nanoTime() - t0) / 1e9;
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }

  private static Map<SeriesKey, List<List<Kline>>> byMonth(Map<String, List<Kline>> market) {
    Map<SeriesKey, List<List<Kline>>> out = new LinkedHashMap<>();
    for (var e : market.entrySet()) {
      Map<YearMonth, List<Kline>> months = new LinkedHashMap<>();
      for (Kline k : e.getValue()) {
        YearMonth m = YearMonth.from(Instant.ofEpochMilli(k.openTime()).atOffset(ZoneOffset.UTC));
        months.computeIfAbsent(m, x -> new ArrayList<>()).add(k);
      }
      out.put(
          new SeriesKey(Market.SPOT, e.getKey(), Interval.M1), new ArrayList<>(months.values()));
    }
    return out;
  }

  private static void writeAll(PostgresKlineStore store, Map<SeriesKey, List<List<Kline>>> months) {
    months.forEach((series, list) -> list.forEach(month -> store.write(series, month, null)));
  }

  /** The peers write into the same partitioned schema; its partitions exist before timing. */
  private static void createPartitions(
      PostgresKlineStore store, Map<SeriesKey, List<List<Kline>>> months) {
    for (var e : months.entrySet()) {
      for (List<Kline> month : e.getValue()) {
        store.write(e.getKey(), month.subList(0, 1), null);
      }
    }
    store.close();
  }

  private static Connection connect(PostgresUrl db, String params) throws SQLException {
    return DriverManager.getConnection(
        db.jdbcUrl() + (params.isEmpty() ? "" : "?" + params), db.user(), db.password());
  }

  private static void batchedInsert(Connection c, Map<String, List<Kline>> market)
      throws SQLException {
    c.setAutoCommit(false);
    int seriesId = 0;
    for (List<Kline> klines : market.values()) {
      seriesId++;
      try (PreparedStatement ps = c.prepareStatement(INSERT)) {
        int pending = 0;
        for (Kline k : klines) {
          bind(ps, seriesId, k);
          ps.addBatch();
          if (++pending == 8192) {
            ps.executeBatch();
            pending = 0;
          }
        }
        ps.executeBatch();
      }
      c.commit();
    }
  }

  private static void rowByRow(Connection c, List<Kline> sample) throws SQLException {
    for (Kline k : sample) {
      try (PreparedStatement ps = c.prepareStatement(INSERT)) {
        bind(ps, 1, k);
        ps.executeUpdate();
      }
    }
  }

  private static void bind(PreparedStatement ps, int seriesId, Kline k) throws SQLException {
    ps.setInt(1, seriesId);
    ps.setLong(2, k.openTime());
    ps.setDouble(3, k.open());
    ps.setDouble(4, k.high());
    ps.setDouble(5, k.low());
    ps.setDouble(6, k.close());
    ps.setDouble(7, k.volume());
    ps.setLong(8, k.closeTime());
    ps.setDouble(9, k.quoteVolume());
    ps.setLong(10, k.trades());
    ps.setDouble(11, k.takerBuyBase());
    ps.setDouble(12, k.takerBuyQuote());
  }

  /** The peer read: the store's query through a default JDBC result set, rows into records. */
  private static int plainJdbcRead(PostgresUrl db, long from, long to) throws SQLException {
    try (Connection c = connect(db, "");
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT k.open_time, open, high, low, close, volume, close_time, quote_volume,"
                    + " trades, taker_buy_base, taker_buy_quote FROM klines k JOIN series s ON"
                    + " s.id = k.series_id WHERE s.symbol = 'BTCUSDT' AND k.open_time >= ? AND"
                    + " k.open_time < ? ORDER BY k.open_time")) {
      ps.setLong(1, from);
      ps.setLong(2, to);
      List<Kline> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new Kline(
                  rs.getLong(1),
                  rs.getDouble(2),
                  rs.getDouble(3),
                  rs.getDouble(4),
                  rs.getDouble(5),
                  rs.getDouble(6),
                  rs.getLong(7),
                  rs.getDouble(8),
                  rs.getLong(9),
                  rs.getDouble(10),
                  rs.getDouble(11)));
        }
      }
      return out.size();
    }
  }

  private static String json(Map<String, Object> map) {
    StringBuilder b = new StringBuilder("{");
    map.forEach(
        (k, v) -> {
          if (b.length() > 1) {
            b.append(',');
          }
          b.append('"').append(k).append("\":");
          b.append(v instanceof String ? "\"" + v + "\"" : String.format(Locale.ROOT, "%s", v));
        });
    return b.append('}').toString();
  }
}
