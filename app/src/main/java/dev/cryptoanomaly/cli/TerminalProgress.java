package dev.cryptoanomaly.cli;

import dev.cryptoanomaly.binance.Progress;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/** One self-overwriting status line (files, rows, MB, ETA), shown only on a terminal. */
final class TerminalProgress implements Progress {
  private final PrintWriter err;
  private final long started = System.nanoTime();
  private int planned;
  private int done;
  private long rows;
  private long bytes;
  private long lastPrint;

  private TerminalProgress(PrintWriter err) {
    this.err = err;
  }

  /**
   * A progress line on the terminal; when output is redirected, only the retry notices, one line
   * each, so that a log still shows why a run is waiting.
   */
  static Progress forConsole(PrintWriter err) {
    if (System.console() != null) {
      return new TerminalProgress(err);
    }
    return new Progress() {
      @Override
      public void waiting(String message) {
        synchronized (err) {
          err.println("waiting: " + message);
          err.flush();
        }
      }
    };
  }

  @Override
  public synchronized void waiting(String message) {
    err.println();
    err.println("waiting: " + message);
    err.flush();
  }

  @Override
  public synchronized void filesPlanned(int count) {
    planned += count;
  }

  @Override
  public synchronized void fileDone(long fileBytes, long fileRows) {
    done++;
    rows += fileRows;
    bytes += fileBytes;
    long now = System.nanoTime();
    if (now - lastPrint > 200_000_000L || done == planned) {
      lastPrint = now;
      print();
    }
  }

  private void print() {
    double elapsed = (System.nanoTime() - started) / 1e9;
    String eta = "--";
    if (done > 0 && planned > done) {
      long seconds = Math.round(elapsed / done * (planned - done));
      Duration d = Duration.ofSeconds(seconds);
      eta = String.format(Locale.ROOT, "%d:%02d", d.toMinutes(), d.toSecondsPart());
    }
    err.printf(
        Locale.ROOT,
        "\rfiles %d/%d  rows %,d  %.1f MB  ETA %s   ",
        done,
        planned,
        rows,
        bytes / 1e6,
        eta);
    err.flush();
  }

  @Override
  public synchronized void finished() {
    if (done > 0) {
      err.println();
    }
  }
}
