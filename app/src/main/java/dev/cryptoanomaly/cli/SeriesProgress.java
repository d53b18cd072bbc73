package dev.cryptoanomaly.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/**
 * A self-overwriting line for work over many series (series done, candles, rate, ETA), shown only
 * on a terminal and only when there are enough series for a wait to be worth explaining.
 */
interface SeriesProgress {
  /** Fewer series than this finish before a progress line would help. */
  int WORTH_SHOWING = 20;

  void seriesDone(long candles);

  void finished();

  static SeriesProgress forConsole(PrintWriter err, int planned) {
    if (System.console() == null || planned < WORTH_SHOWING) {
      return new SeriesProgress() {
        @Override
        public void seriesDone(long candles) {}

        @Override
        public void finished() {}
      };
    }
    return new OnTerminal(err, planned);
  }

  /** The line itself, redrawn at most five times a second. */
  final class OnTerminal implements SeriesProgress {
    private final PrintWriter err;
    private final int planned;
    private final long started = System.nanoTime();
    private int done;
    private long candles;
    private long lastPrint;

    OnTerminal(PrintWriter err, int planned) {
      this.err = err;
      this.planned = planned;
    }

    @Override
    public void seriesDone(long seriesCandles) {
      done++;
      candles += seriesCandles;
      long now = System.nanoTime();
      if (now - lastPrint < 200_000_000L && done < planned) {
        return;
      }
      lastPrint = now;
      double seconds = Math.max(1e-9, (now - started) / 1e9);
      long left = Math.round(seconds / done * (planned - done));
      Duration eta = Duration.ofSeconds(left);
      err.printf(
          Locale.ROOT,
          "\rseries %,d/%,d  candles %,d  %,.0f candles/s  ETA %d:%02d   ",
          done,
          planned,
          candles,
          candles / seconds,
          eta.toMinutes(),
          eta.toSecondsPart());
      err.flush();
    }

    @Override
    public void finished() {
      if (done > 0) {
        err.println();
      }
    }
  }
}
