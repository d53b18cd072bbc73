package dev.cryptoanomaly.stream;

/**
 * Plays market time at {@code speed} times real time (0 = as fast as possible): replay and the
 * simulator wait here before emitting the candles of each moment.
 */
public final class Pace {
  private final double speed;
  private final long startNanos = System.nanoTime();

  Pace(double speed) {
    this.speed = speed;
  }

  /**
   * A speed as users write it: times real time, or {@code max} (0: as fast as possible). {@code
   * name} names the option or field in the one-line error.
   */
  public static double parse(String text, String name) {
    if (text.equalsIgnoreCase("max")) {
      return 0;
    }
    try {
      double v = Double.parseDouble(text);
      if (!(v > 0) || v > 1e9) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new dev.cryptoanomaly.UserException(
          name + " must be a positive number or max, got '" + text + "'");
    }
  }

  /**
   * Waits until {@code marketMillis} of market time have passed since the start.
   *
   * @throws InterruptedException when the thread is interrupted, so a source stops
   */
  void await(long marketMillis) throws InterruptedException {
    if (speed > 0) {
      long wait = startNanos + (long) (marketMillis * 1_000_000L / speed) - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
      }
    }
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
  }
}
