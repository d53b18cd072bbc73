package dev.cryptoanomaly.flink;

import dev.cryptoanomaly.config.Settings;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.store.Stores;
import dev.cryptoanomaly.store.embedded.SqliteKlineStore;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The thread that writes a task's decisions, with its own connection to the store. On the embedded
 * store one writer is shared by every task of the process: SQLite takes one writer at a time, and
 * two tasks each writing through a connection of their own waited for each other's locks in
 * SQLite's busy handler (a backfill at parallelism 2 ran slower than at 1). On PostgreSQL each task
 * has its own.
 */
final class StoreWriter {
  private static final Map<String, StoreWriter> SHARED = new HashMap<>();

  private final String sharedAs;
  private final KlineStore store;
  private final ExecutorService thread;
  private int users;

  private StoreWriter(String sharedAs, KlineStore store) {
    this.sharedAs = sharedAs;
    this.store = store;
    this.thread =
        Executors.newSingleThreadExecutor(
            r -> Thread.ofPlatform().daemon().name("detection-writer").unstarted(r));
  }

  /** The writer for a task: the process's shared one on the embedded store, else its own. */
  static synchronized StoreWriter acquire(Settings settings) {
    if (settings.databaseUrl().isPresent()) {
      StoreWriter own = new StoreWriter(null, Stores.open(settings));
      own.users = 1;
      return own;
    }
    String file = SqliteKlineStore.file(settings.home()).toAbsolutePath().toString();
    StoreWriter shared =
        SHARED.computeIfAbsent(file, f -> new StoreWriter(f, Stores.open(settings)));
    shared.users++;
    return shared;
  }

  /** Runs {@code work} with the writer's store on its thread, after what was submitted before. */
  Future<?> submit(Consumer<KlineStore> work) {
    return thread.submit(() -> work.accept(store));
  }

  /** The task is done with it: the last user stops the thread and closes the connection. */
  void release() {
    synchronized (StoreWriter.class) {
      if (--users > 0) {
        return;
      }
      if (sharedAs != null) {
        SHARED.remove(sharedAs);
      }
    }
    thread.shutdown();
    try {
      thread.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      thread.shutdownNow();
      store.close();
    }
  }
}
