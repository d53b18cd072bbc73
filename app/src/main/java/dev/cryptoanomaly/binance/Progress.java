package dev.cryptoanomaly.binance;

/** Receives progress of a collection or import; the CLI shows it on a terminal. */
public interface Progress {
  Progress NONE = new Progress() {};

  /** More files are planned (fallbacks can add files while running). */
  default void filesPlanned(int count) {}

  /** A file finished: its compressed bytes and the rows stored from it. */
  default void fileDone(long bytes, long rows) {}

  /** A request is being retried or waited for: said so that a slow server is never silence. */
  default void waiting(String message) {}

  /** The run ended. */
  default void finished() {}
}
