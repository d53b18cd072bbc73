package dev.cryptoanomaly.store.embedded;

import dev.cryptoanomaly.UserException;
import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Kline;
import dev.cryptoanomaly.kline.Market;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.store.FeatureBlobs;
import dev.cryptoanomaly.store.FeatureRows;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.store.Provenance;
import dev.cryptoanomaly.store.StoreException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongConsumer;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The embedded default: one SQLite file in WAL mode under the data folder. WAL lets readers run
 * beside one writer; a generous busy timeout and {@code BEGIN IMMEDIATE} transactions make
 * concurrent writers from other processes (collector, worker, dashboard) wait their turn instead of
 * failing with "database is locked". Schema migrations run under an OS file lock so that processes
 * starting together migrate once.
 */
public final class SqliteKlineStore implements KlineStore {
  public static final String FILE_NAME = "crypto-anomaly.db";
  private static final int BUSY_TIMEOUT_MS = 120_000;
  private static final int BATCH = 8192;

  private final Path file;
  private final Connection connection;
  private final Map<SeriesKey, Long> seriesIds = new HashMap<>();

  private SqliteKlineStore(Path file, Connection connection) {
    this.file = file;
    this.connection = connection;
  }

  /** Opens (creating and migrating as needed) the store in {@code dataFolder}. */
  public static SqliteKlineStore open(Path dataFolder) {
    Path file = prepareFolder(dataFolder).resolve(FILE_NAME);
    SQLiteDataSource dataSource = dataSource(file);
    migrate(dataFolder, dataSource, file);
    try {
      Connection c = dataSource.getConnection();
      return new SqliteKlineStore(file, c);
    } catch (SQLException e) {
      throw new UserException("cannot open the store " + file + ": " + e.getMessage(), e);
    }
  }

  private static Path prepareFolder(Path dataFolder) {
    try {
      Files.createDirectories(dataFolder);
    } catch (IOException e) {
      throw new UserException(
          "data folder " + dataFolder + " cannot be created (" + describe(e) + ")", e);
    }
    if (!Files.isWritable(dataFolder)) {
      throw new UserException("data folder " + dataFolder + " is not writable");
    }
    return dataFolder;
  }

  private static String describe(IOException e) {
    return e instanceof AccessDeniedException
        ? "permission denied"
        : e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  private static SQLiteDataSource dataSource(Path file) {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    config.setBusyTimeout(BUSY_TIMEOUT_MS);
    config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    config.enforceForeignKeys(true);
    config.setCacheSize(-65536); // 64 MiB page cache
    config.setTempStore(SQLiteConfig.TempStore.MEMORY);
    SQLiteDataSource ds = new SQLiteDataSource(config);
    ds.setUrl("jdbc:sqlite:" + file);
    return ds;
  }

  private static void migrate(Path folder, SQLiteDataSource dataSource, Path file) {
    Path lockFile = folder.resolve(".migrate.lock");
    try (FileChannel channel =
            FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = channel.lock()) {
      Flyway.configure()
          .dataSource(dataSource)
          .locations("classpath:db/migration/sqlite")
          .loggers("slf4j")
          .load()
          .migrate();
    } catch (IOException e) {
      throw new UserException("data folder " + folder + " is not usable (" + describe(e) + ")", e);
    } catch (FlywayException e) {
      throw new UserException("cannot migrate the store " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized long write(SeriesKey series, List<Kline> klines, Provenance provenance) {
    return inTransaction(
        () -> {
          long id = seriesId(series, true);
          try (PreparedStatement ps =
              connection.prepareStatement(
                  "INSERT INTO klines (series_id, open_time, open, high, low, close, volume,"
                      + " close_time, quote_volume, trades, taker_buy_base, taker_buy_quote)"
                      + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (series_id, open_time) DO"
                      + " UPDATE SET open=excluded.open, high=excluded.high, low=excluded.low,"
                      + " close=excluded.close, volume=excluded.volume,"
                      + " close_time=excluded.close_time, quote_volume=excluded.quote_volume,"
                      + " trades=excluded.trades, taker_buy_base=excluded.taker_buy_base,"
                      + " taker_buy_quote=excluded.taker_buy_quote")) {
            int pending = 0;
            for (Kline k : klines) {
              ps.setLong(1, id);
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
              ps.addBatch();
              if (++pending == BATCH) {
                ps.executeBatch();
                pending = 0;
              }
            }
            if (pending > 0) {
              ps.executeBatch();
            }
          }
          if (provenance != null) {
            upsertProvenance(provenance);
          }
          return (long) klines.size();
        });
  }

  @Override
  public synchronized void record(Provenance provenance) {
    inTransaction(
        () -> {
          upsertProvenance(provenance);
          return 0L;
        });
  }

  private void upsertProvenance(Provenance p) throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "INSERT INTO provenance (source, kind, market, symbol, interval, period_start,"
                + " period_end, status, checksum, rows, bad_rows, gaps, detail, recorded_at)"
                + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (source) DO UPDATE SET"
                + " kind=excluded.kind, period_start=excluded.period_start,"
                + " period_end=excluded.period_end, status=excluded.status,"
                + " checksum=excluded.checksum, rows=excluded.rows, bad_rows=excluded.bad_rows,"
                + " gaps=excluded.gaps, detail=excluded.detail, recorded_at=excluded.recorded_at")) {
      ps.setString(1, p.source());
      ps.setString(2, p.kind().name());
      ps.setString(3, p.series().market().cliName());
      ps.setString(4, p.series().symbol());
      ps.setString(5, p.series().interval().archiveName());
      ps.setLong(6, p.periodStart());
      ps.setLong(7, p.periodEnd());
      ps.setString(8, p.status().name());
      ps.setString(9, p.checksum());
      ps.setLong(10, p.rows());
      ps.setLong(11, p.badRows());
      ps.setLong(12, p.gaps());
      ps.setString(13, p.detail());
      ps.setLong(14, p.recordedAt());
      ps.executeUpdate();
    }
  }

  @Override
  public synchronized Optional<Provenance> provenance(String source) {
    return query(
        () -> {
          try (PreparedStatement ps =
              connection.prepareStatement("SELECT * FROM provenance WHERE source = ?")) {
            ps.setString(1, source);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(provenanceRow(rs)) : Optional.<Provenance>empty();
            }
          }
        });
  }

  @Override
  public synchronized List<Provenance> provenance(SeriesKey series) {
    return query(
        () -> {
          try (PreparedStatement ps =
              connection.prepareStatement(
                  "SELECT * FROM provenance WHERE market = ? AND symbol = ? AND interval = ?"
                      + " ORDER BY period_start, source")) {
            bindSeries(ps, series);
            List<Provenance> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(provenanceRow(rs));
              }
            }
            return out;
          }
        });
  }

  private static void bindSeries(PreparedStatement ps, SeriesKey series) throws SQLException {
    ps.setString(1, series.market().cliName());
    ps.setString(2, series.symbol());
    ps.setString(3, series.interval().archiveName());
  }

  private static Provenance provenanceRow(ResultSet rs) throws SQLException {
    return new Provenance(
        rs.getString("source"),
        Provenance.Kind.valueOf(rs.getString("kind")),
        new SeriesKey(
            Market.parse(rs.getString("market")),
            rs.getString("symbol"),
            Interval.parse(rs.getString("interval"))),
        rs.getLong("period_start"),
        rs.getLong("period_end"),
        Provenance.Status.valueOf(rs.getString("status")),
        rs.getString("checksum"),
        rs.getLong("rows"),
        rs.getLong("bad_rows"),
        rs.getLong("gaps"),
        rs.getString("detail"),
        rs.getLong("recorded_at"));
  }

  @Override
  public synchronized List<SeriesKey> series() {
    return query(
        () -> {
          List<SeriesKey> out = new ArrayList<>();
          try (PreparedStatement ps =
                  connection.prepareStatement(
                      "SELECT market, symbol, interval FROM series s WHERE EXISTS"
                          + " (SELECT 1 FROM klines k WHERE k.series_id = s.id)"
                          + " ORDER BY market, symbol, interval");
              ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              out.add(
                  new SeriesKey(
                      Market.parse(rs.getString(1)),
                      rs.getString(2),
                      Interval.parse(rs.getString(3))));
            }
          }
          return out;
        });
  }

  @Override
  public synchronized long count(SeriesKey series) {
    return scalar(series, "SELECT COUNT(*) FROM klines WHERE series_id = ?").orElse(0);
  }

  @Override
  public synchronized OptionalLong firstOpenTime(SeriesKey series) {
    return scalar(series, "SELECT MIN(open_time) FROM klines WHERE series_id = ?");
  }

  @Override
  public synchronized OptionalLong lastOpenTime(SeriesKey series) {
    return scalar(series, "SELECT MAX(open_time) FROM klines WHERE series_id = ?");
  }

  private OptionalLong scalar(SeriesKey series, String sql) {
    return query(
        () -> {
          long id = seriesId(series, false);
          if (id < 0) {
            return OptionalLong.empty();
          }
          try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              long v = rs.getLong(1);
              return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(v);
            }
          }
        });
  }

  @Override
  public synchronized List<Kline> read(SeriesKey series, long from, long to) {
    return query(
        () -> {
          long id = seriesId(series, false);
          List<Kline> out = new ArrayList<>();
          if (id < 0) {
            return out;
          }
          try (PreparedStatement ps =
              connection.prepareStatement(
                  "SELECT open_time, open, high, low, close, volume, close_time, quote_volume,"
                      + " trades, taker_buy_base, taker_buy_quote FROM klines"
                      + " WHERE series_id = ? AND open_time >= ? AND open_time < ?"
                      + " ORDER BY open_time")) {
            ps.setLong(1, id);
            ps.setLong(2, from);
            ps.setLong(3, to);
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
          }
          return out;
        });
  }

  @Override
  public synchronized void forEachOpenTime(SeriesKey series, LongConsumer visitor) {
    query(
        () -> {
          long id = seriesId(series, false);
          if (id < 0) {
            return null;
          }
          try (PreparedStatement ps =
              connection.prepareStatement(
                  "SELECT open_time FROM klines WHERE series_id = ? ORDER BY open_time")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                visitor.accept(rs.getLong(1));
              }
            }
          }
          return null;
        });
  }

  @Override
  public synchronized long writeFeatures(SeriesKey series, FeatureRows rows) {
    return inTransaction(
        () -> {
          long seriesId = seriesId(series, true);
          long setId = featureSetId(rows.featureSet(), true);
          try (PreparedStatement ps =
              connection.prepareStatement(
                  "INSERT INTO features (series_id, feature_set_id, open_time, exclusion, vals)"
                      + " VALUES (?,?,?,?,?) ON CONFLICT (series_id, feature_set_id, open_time)"
                      + " DO UPDATE SET exclusion = excluded.exclusion, vals = excluded.vals")) {
            int pending = 0;
            for (FeatureRows.Row r : rows.rows()) {
              ps.setLong(1, seriesId);
              ps.setLong(2, setId);
              ps.setLong(3, r.openTime());
              ps.setString(4, r.exclusion());
              ps.setBytes(5, FeatureBlobs.encode(r.values()));
              ps.addBatch();
              if (++pending == BATCH) {
                ps.executeBatch();
                pending = 0;
              }
            }
            if (pending > 0) {
              ps.executeBatch();
            }
          }
          return (long) rows.rows().size();
        });
  }

  @Override
  public synchronized FeatureRows readFeatures(
      SeriesKey series, String featureSet, int width, long from, long to) {
    return query(
        () -> {
          List<FeatureRows.Row> out = new ArrayList<>();
          long seriesId = seriesId(series, false);
          long setId = featureSetId(featureSet, false);
          if (seriesId >= 0 && setId >= 0) {
            try (PreparedStatement ps =
                connection.prepareStatement(
                    "SELECT open_time, exclusion, vals FROM features WHERE series_id = ? AND"
                        + " feature_set_id = ? AND open_time >= ? AND open_time < ?"
                        + " ORDER BY open_time")) {
              ps.setLong(1, seriesId);
              ps.setLong(2, setId);
              ps.setLong(3, from);
              ps.setLong(4, to);
              try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                  out.add(
                      new FeatureRows.Row(
                          rs.getLong(1),
                          FeatureBlobs.decode(rs.getBytes(3), width),
                          rs.getString(2)));
                }
              }
            }
          }
          return new FeatureRows(featureSet, width, out);
        });
  }

  private long featureSetId(String key, boolean create) throws SQLException {
    if (create) {
      try (PreparedStatement ps =
          connection.prepareStatement(
              "INSERT INTO feature_sets (key) VALUES (?) ON CONFLICT DO NOTHING")) {
        ps.setString(1, key);
        ps.executeUpdate();
      }
    }
    try (PreparedStatement ps =
        connection.prepareStatement("SELECT id FROM feature_sets WHERE key = ?")) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : -1;
      }
    }
  }

  /** The interned id of a series; -1 when absent and {@code create} is false. */
  private long seriesId(SeriesKey series, boolean create) throws SQLException {
    Long cached = seriesIds.get(series);
    if (cached != null) {
      return cached;
    }
    if (create) {
      try (PreparedStatement ps =
          connection.prepareStatement(
              "INSERT INTO series (market, symbol, interval) VALUES (?,?,?)"
                  + " ON CONFLICT DO NOTHING")) {
        bindSeries(ps, series);
        ps.executeUpdate();
      }
    }
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT id FROM series WHERE market = ? AND symbol = ? AND interval = ?")) {
      bindSeries(ps, series);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return -1;
        }
        long id = rs.getLong(1);
        seriesIds.put(series, id);
        return id;
      }
    }
  }

  private <T> T inTransaction(SqlWork<T> work) {
    try {
      connection.setAutoCommit(false);
      try {
        T result = work.run();
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        seriesIds.clear(); // ids created in the rolled-back transaction are gone
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new StoreException("write to " + file + " failed: " + e.getMessage(), e);
    }
  }

  private <T> T query(SqlWork<T> work) {
    try {
      return work.run();
    } catch (SQLException e) {
      throw new StoreException("read from " + file + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public String describe() {
    return "embedded store " + file;
  }

  @Override
  public synchronized void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      throw new StoreException("closing " + file + " failed: " + e.getMessage(), e);
    }
  }

  @FunctionalInterface
  private interface SqlWork<T> {
    T run() throws SQLException;
  }
}
