package dev.cryptoanomaly.bench;

import dev.cryptoanomaly.binance.ArchiveFile;
import dev.cryptoanomaly.binance.Checksums;
import dev.cryptoanomaly.binance.KlineFileImporter;
import dev.cryptoanomaly.binance.Progress;
import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Kline;
import dev.cryptoanomaly.kline.Market;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.kline.Symbols;
import dev.cryptoanomaly.simulate.MarketSimulator;
import dev.cryptoanomaly.store.embedded.SqliteKlineStore;
import dev.cryptoanomaly.testkit.KlineCsv;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Ingest of 5 symbols x 365 days x 1m (about 2.6M rows) from local monthly zips into the embedded
 * store, against the original's approach (row-by-row INSERT, one commit per row) in the same run.
 * Prints JSON. Run with {@code ./bench ingest [baseline-rows] [months]}.
 */
public final class IngestBenchmark {
  private IngestBenchmark() {}

  public static void main(String[] args) throws Exception {
    int baselineRows = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int monthsOfData = args.length > 1 ? Integer.parseInt(args[1]) : 12;
    Path work = Files.createTempDirectory("ingest-bench");
    Path archive = work.resolve("archive");
    Instant start = Instant.parse("2024-01-01T00:00:00Z");
    int minutes =
        (int)
            (YearMonth.of(2024, 1)
                    .atDay(1)
                    .until(
                        YearMonth.of(2024, 1).plusMonths(monthsOfData).atDay(1),
                        java.time.temporal.ChronoUnit.DAYS)
                * 1440);
    Map<String, List<Kline>> market =
        new MarketSimulator(2024).simulate(Symbols.DEFAULTS, start, minutes).klines();
    long totalRows = 0;
    int files = 0;
    for (var e : market.entrySet()) {
      SeriesKey series = new SeriesKey(Market.SPOT, e.getKey(), Interval.M1);
      for (int m = 1; m <= monthsOfData; m++) {
        ArchiveFile f = ArchiveFile.monthly(series, YearMonth.of(2024, m));
        List<Kline> month =
            e.getValue().stream()
                .filter(k -> k.openTime() >= f.startMillis() && k.openTime() < f.endMillis())
                .toList();
        byte[] zip =
            KlineCsv.zip(f.fileName().replace(".zip", ".csv"), KlineCsv.csv(month, false, false));
        Path out = archive.resolve(f.path());
        Files.createDirectories(out.getParent());
        Files.write(out, zip);
        Files.writeString(
            out.resolveSibling(f.fileName() + ".CHECKSUM"),
            Checksums.checksumLine(Checksums.sha256(zip), f.fileName()),
            StandardCharsets.US_ASCII);
        totalRows += month.size();
        files++;
      }
    }
    market = null; // free the generator's memory before measuring

    // Ours: import (checksum, unzip, parse, validate, upsert) into a fresh embedded store.
    long t0 = System.nanoTime();
    long imported;
    try (SqliteKlineStore store = SqliteKlineStore.open(work.resolve("ours"))) {
      imported =
          new KlineFileImporter(store, Clock.systemUTC(), 2)
              .importPath(archive, Optional.empty(), Progress.NONE)
              .rows();
    }
    double oursSeconds = (System.nanoTime() - t0) / 1e9;

    // Baseline: the same rows, one INSERT and one commit per row, measured on a sample.
    List<Kline> sample =
        new MarketSimulator(2024)
            .simulate(List.of("BTCUSDT"), start, baselineRows)
            .klines()
            .get("BTCUSDT");
    SqliteKlineStore.open(work.resolve("baseline")).close(); // same schema
    double baselineSeconds;
    try (Connection c =
        DriverManager.getConnection(
            "jdbc:sqlite:" + work.resolve("baseline/" + SqliteKlineStore.FILE_NAME))) {
      try (var st = c.createStatement()) {
        st.execute("PRAGMA journal_mode=WAL");
        st.execute(
            "INSERT INTO series (id, market, symbol, interval) VALUES (1,'spot','BTCUSDT','1m')");
      }
      long b0 = System.nanoTime();
      for (Kline k : sample) {
        try (PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO klines VALUES (1,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (series_id, open_time)"
                    + " DO UPDATE SET close = excluded.close")) {
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
          ps.executeUpdate();
        }
      }
      baselineSeconds = (System.nanoTime() - b0) / 1e9;
    }
    double oursRate = imported / oursSeconds;
    double baselineRate = sample.size() / baselineSeconds;
    System.out.printf(
        Locale.ROOT,
        "{\"benchmark\":\"ingest-embedded\",\"files\":%d,\"rows\":%d,\"imported_rows\":%d,"
            + "\"ours_seconds\":%.3f,\"ours_rows_per_s\":%.0f,"
            + "\"baseline\":\"row-by-row INSERT, autocommit\",\"baseline_rows\":%d,"
            + "\"baseline_seconds\":%.3f,\"baseline_rows_per_s\":%.0f,\"ratio\":%.1f,"
            + "\"target_rows_per_s\":1000000,\"target_ratio\":10}%n",
        files,
        totalRows,
        imported,
        oursSeconds,
        oursRate,
        sample.size(),
        baselineSeconds,
        baselineRate,
        oursRate / baselineRate);
    BenchRuns.deleteTree(work);
  }
}
