package dev.cryptoanomaly.train.eval;

/**
 * How surprising a model found the candles it scored: counts of -log10(tail probability) in fine
 * bins of 0.01 up to {@link #CAP}, kept instead of every probability so that a comparison of the
 * whole market draws its distributions in a few kilobytes. Pages re-bin them to the axis they draw.
 */
public final class SurpriseHistogram {
  /** Surprise beyond this (a tail probability under 1e-20) is counted at it. */
  public static final double CAP = 20;

  private static final double FINE = 0.01;
  private final long[] fine = new long[(int) Math.round(CAP / FINE) + 1];
  private long count;
  private double max;

  /** -log10 of a tail probability, the axis the distributions are drawn on. */
  public static double surprise(double probability) {
    return -Math.log10(Math.max(probability, 1e-300));
  }

  public void add(double probability) {
    if (Double.isNaN(probability)) {
      return;
    }
    double x = Math.min(CAP, surprise(probability));
    fine[(int) Math.floor(x / FINE)]++;
    max = Math.max(max, x);
    count++;
  }

  /** Candles counted (those with a probability). */
  public long count() {
    return count;
  }

  /** The highest surprise counted, at most {@link #CAP}. */
  public double max() {
    return max;
  }

  /**
   * Counts in {@code bins} bins of {@code width} from 0, each fine bin counted where its lower edge
   * falls (the last bin takes everything beyond).
   */
  public long[] rebinned(int bins, double width) {
    long[] out = new long[bins];
    for (int i = 0; i < fine.length; i++) {
      if (fine[i] != 0) {
        out[Math.min(bins - 1, (int) ((i * FINE + 1e-9) / width))] += fine[i];
      }
    }
    return out;
  }
}
