package dev.cryptoanomaly.store.embedded;

import dev.cryptoanomaly.UserException;
import dev.cryptoanomaly.kline.Kline;
import dev.cryptoanomaly.store.JdbcKlineStore;
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
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
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
public final class SqliteKlineStore extends JdbcKlineStore {
  public static final String FILE_NAME = "crypto-anomaly.db";
  private static final int BUSY_TIMEOUT_MS = 120_000;

  private final WalCheckpointer checkpointer;
  private final Path file;

  private SqliteKlineStore(Path file, Connection connection, WalCheckpointer checkpointer) {
    super(connection, "embedded store " + file);
    this.checkpointer = checkpointer;
    this.file = file;
  }

  /**
   * SQLite rolls a transaction back by itself when its pages cannot be written at commit (a full
   * disk, the file's page limit); the driver then reports only "cannot commit - no transaction is
   * active", which would send the operator the wrong way. Say what happened and how much room the
   * folder has.
   */
  @Override
  protected String explain(SQLException e) {
    String message = e.getMessage();
    if (message == null || !message.contains("no transaction is active")) {
      return message;
    }
    String room;
    try {
      long free = Files.getFileStore(file.toAbsolutePath().getParent()).getUsableSpace();
      room = String.format(java.util.Locale.ROOT, "%,d MB free", free / 1_000_000);
    } catch (IOException io) {
      room = "free space unknown";
    }
    return "SQLite could not write the transaction and rolled it back, nothing of it was stored;"
        + " the disk or the file's size limit is full ("
        + room
        + " in "
        + file.toAbsolutePath().getParent()
        + ")";
  }

  /** Opens (creating and migrating as needed) the store in {@code dataFolder}. */
  public static SqliteKlineStore open(Path dataFolder) {
    Path file = prepareFolder(dataFolder).resolve(FILE_NAME);
    SQLiteDataSource dataSource = dataSource(file);
    migrate(dataFolder, dataSource, file);
    try {
      Connection c = dataSource.getConnection();
      try {
        try (Statement s = c.createStatement()) {
          s.execute("PRAGMA wal_autocheckpoint=0");
        }
        return new SqliteKlineStore(file, c, new WalCheckpointer(dataSource.getConnection()));
      } catch (SQLException e) {
        c.close();
        throw e;
      }
    } catch (SQLException e) {
      throw new StoreException("cannot open the store " + file + ": " + e.getMessage(), e);
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

  /** The store's file in a data folder. */
  public static Path file(Path dataFolder) {
    return dataFolder.resolve(FILE_NAME);
  }

  /** Connections to the store's file with the same settings (WAL, busy timeout) as the store's. */
  public static SQLiteDataSource dataSource(Path file) {
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

  /**
   * The schema version this process last migrated each store file to, by path. A later open reads
   * the file's newest applied version (one query) and skips Flyway when it matches, so threads and
   * jobs of one process opening the store together migrate once; a file replaced by another (an
   * older store copied in, a new one at the same path) shows another version and is migrated.
   */
  private static final java.util.Map<Path, String> MIGRATED =
      new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * One migrating thread per process at a time: the OS file lock below keeps other processes out,
   * but two threads of one process locking the same file fail with OverlappingFileLockException.
   */
  private static final Object MIGRATING = new Object();

  private static void migrate(Path folder, SQLiteDataSource dataSource, Path file) {
    Path key = file.toAbsolutePath().normalize();
    synchronized (MIGRATING) {
      String known = MIGRATED.get(key);
      if (known != null && known.equals(appliedVersion(dataSource))) {
        return;
      }
      migrateLocked(folder, dataSource, file);
      String now = appliedVersion(dataSource);
      if (now != null) {
        MIGRATED.put(key, now);
      }
    }
  }

  /** The newest successfully applied migration of the file, or null when it has none. */
  private static String appliedVersion(SQLiteDataSource dataSource) {
    try (Connection c = dataSource.getConnection();
        Statement st = c.createStatement();
        var rs =
            st.executeQuery(
                "SELECT version FROM flyway_schema_history WHERE success = 1"
                    + " ORDER BY installed_rank DESC LIMIT 1")) {
      return rs.next() ? rs.getString(1) : null;
    } catch (SQLException e) {
      return null; // no history table yet, or an unreadable file: let Flyway say what is wrong
    }
  }

  private static void migrateLocked(Path folder, SQLiteDataSource dataSource, Path file) {
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
      // Flyway's message is a banner of several lines; the root cause names the real problem
      // (a malformed file, a full disk, a file that is no database).
      throw new StoreException(
          "cannot open the store " + file + ": " + dev.cryptoanomaly.Messages.rootMessage(e), e);
    }
  }

  @Override
  protected void upsertKlines(long id, List<Kline> klines) throws SQLException {
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
  }

  /**
   * Caps the file at its current size plus {@code pages} pages: SQLite's own way of making the disk
   * look full ({@code SQLITE_FULL}), for the tests of what a full disk does to a write.
   */
  synchronized void capPagesForTest(long pages) throws SQLException {
    try (Statement s = connection.createStatement();
        var rs = s.executeQuery("PRAGMA page_count")) {
      rs.next();
      long now = rs.getLong(1);
      s.execute("PRAGMA max_page_count = " + (now + pages));
    }
  }

  @Override
  public synchronized void close() {
    try {
      super.close();
    } finally {
      checkpointer.close();
    }
  }
}
