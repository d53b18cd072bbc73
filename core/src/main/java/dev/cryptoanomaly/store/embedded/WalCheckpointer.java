package dev.cryptoanomaly.store.embedded;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checkpoints the SQLite write-ahead log every second on a connection and thread of its own. By
 * default SQLite checkpoints inside the commit that crosses 1,000 WAL pages, copying them and
 * syncing the file there: on a busy disk that put tens of milliseconds into one in a few dozen
 * stream-worker batches. The writer's connection turns its automatic checkpoints off and this one
 * does the work beside it (a passive checkpoint never blocks readers or the writer).
 */
final class WalCheckpointer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WalCheckpointer.class);

  private final Connection connection;
  private final ScheduledExecutorService timer;

  WalCheckpointer(Connection connection) {
    this.connection = connection;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("sqlite-checkpoint").unstarted(r));
    timer.scheduleWithFixedDelay(this::checkpoint, 1, 1, TimeUnit.SECONDS);
  }

  private void checkpoint() {
    try (Statement s = connection.createStatement()) {
      s.execute("PRAGMA wal_checkpoint(PASSIVE)");
    } catch (SQLException e) {
      LOG.debug("WAL checkpoint skipped: {}", e.getMessage());
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(10, TimeUnit.SECONDS);
      checkpoint();
      connection.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (SQLException e) {
      LOG.debug("closing the checkpoint connection: {}", e.getMessage());
    }
  }
}
