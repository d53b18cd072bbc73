package dev.cryptoanomaly.testkit;

import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Kline;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Adversarial candle sequences for property tests: gaps of any length, zero-volume and flat
 * candles, sources without trade counts, price jumps.
 */
public final class RandomCandles {
  private RandomCandles() {}

  /** Shape of a generated sequence. */
  public record Shape(
      int candles, double gapChance, double zeroVolumeChance, double flatChance, boolean trades) {}

  public static List<Kline> generate(Interval interval, long start, Shape shape, long seed) {
    Random random = new Random(seed);
    List<Kline> out = new ArrayList<>(shape.candles());
    long t = start;
    double price = 100 + random.nextInt(50_000);
    for (int i = 0; i < shape.candles(); i++) {
      if (random.nextDouble() < shape.gapChance()) {
        t += interval.millis() * (1 + random.nextInt(random.nextBoolean() ? 3 : 40));
      }
      double open = price;
      boolean flat = random.nextDouble() < shape.flatChance();
      double jump = random.nextDouble() < 0.02 ? 0.2 : 0.003;
      double close = flat ? open : round(open * Math.exp(random.nextGaussian() * jump));
      double high = flat ? open : round(Math.max(open, close) * (1 + random.nextDouble() * 0.002));
      double low = flat ? open : round(Math.min(open, close) * (1 - random.nextDouble() * 0.002));
      boolean zero = flat || random.nextDouble() < shape.zeroVolumeChance();
      double volume =
          zero ? 0 : Math.round(random.nextDouble() * 1e10 * (random.nextInt(9) + 1)) / 1e8;
      long trades = zero || !shape.trades() ? 0 : 1 + random.nextInt(5_000);
      double taker = shape.trades() ? Math.round(volume * random.nextDouble() * 1e8) / 1e8 : 0;
      out.add(
          new Kline(t, open, high, low, close, volume, interval.next(t) - 1, 0, trades, taker, 0));
      price = close;
      t = interval.next(t);
    }
    return out;
  }

  private static double round(double price) {
    return Math.max(0.01, Math.round(price * 100) / 100.0);
  }
}
