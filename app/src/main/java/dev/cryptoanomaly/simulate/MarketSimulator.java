package dev.cryptoanomaly.simulate;

import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Kline;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A seeded simulator of 1m klines with the stylised facts of crypto markets: heavy-tailed returns
 * (Student-t, 4 degrees of freedom), volatility clustering (GARCH(1,1)), intraday seasonality of
 * volatility and volume (busiest around the US open), volume that rises with absolute returns, and
 * correlation through a common market factor. Single-asset anomalies of every kind are injected at
 * random, non-overlapping times and labelled with their symbol; market shocks move the common
 * factor, so every symbol at once, and are labelled {@code *} (every symbol), away from the
 * single-asset ones so that each event has one scope. The same seed gives the same market.
 */
public final class MarketSimulator {
  private static final long MINUTE = Interval.M1.millis();
  private static final double GARCH_ALPHA = 0.08;
  private static final double GARCH_BETA = 0.90;

  /** Candles before the first anomaly, so features have a baseline. */
  private static final int WARM_UP = 360;

  /** Minimum distance between two anomalies of one symbol. */
  private static final int SPACING = 240;

  /** Market shocks per day by default: one every five days. */
  public static final double MARKET_SHOCKS_PER_DAY = 0.2;

  /** Keeps the shocks' random stream apart from the symbols' and the factor's. */
  private static final long SHOCK_SALT = 0x6D61726B65747368L;

  /** Candles kept clear of single-asset anomalies before and after a shock. */
  private static final int SHOCK_MARGIN = 200;

  private final long seed;
  private final double anomaliesPerDay;
  private final double marketShocksPerDay;

  /**
   * @param anomaliesPerDay expected single-asset anomalies per symbol per day
   * @param marketShocksPerDay expected market shocks per day
   */
  public MarketSimulator(long seed, double anomaliesPerDay, double marketShocksPerDay) {
    this.seed = seed;
    this.anomaliesPerDay = anomaliesPerDay;
    this.marketShocksPerDay = marketShocksPerDay;
  }

  /** Single-asset anomalies at this rate and no market shocks. */
  public MarketSimulator(long seed, double anomaliesPerDay) {
    this(seed, anomaliesPerDay, 0);
  }

  public MarketSimulator(long seed) {
    this(seed, 1.0, MARKET_SHOCKS_PER_DAY);
  }

  /** Simulates {@code minutes} 1m candles per symbol starting at {@code start} (on the grid). */
  public SimulatedMarket simulate(List<String> symbols, Instant start, int minutes) {
    Map<String, List<Kline>> out = new LinkedHashMap<>();
    List<AnomalyLabel> labels =
        simulate(
            symbols,
            start,
            minutes,
            (symbol, candles) -> {
              out.put(symbol, candles);
              return true;
            });
    return new SimulatedMarket(out, labels);
  }

  /** Hears each symbol's candles as soon as they are simulated, in the order asked. */
  @FunctionalInterface
  public interface SeriesSink {
    /**
     * @return whether to go on with the next symbol
     */
    boolean accept(String symbol, List<Kline> candles);
  }

  /**
   * The same market handed over a symbol at a time, so that a caller storing it holds one series,
   * never the market (1,000 symbols x 30 days of 1m are 43M candles).
   *
   * @return the labels of every symbol simulated (all unless the sink stopped it), by start
   */
  public List<AnomalyLabel> simulate(
      List<String> symbols, Instant start, int minutes, SeriesSink sink) {
    long t0 = start.toEpochMilli() - Math.floorMod(start.toEpochMilli(), MINUTE);
    SplittableRandom root = new SplittableRandom(seed);
    double[] market = marketFactor(root.split(), t0, minutes);
    List<AnomalyLabel> labels = new ArrayList<>();
    Effects shocks = new Effects(minutes);
    boolean[] clear = new boolean[minutes];
    planShocks(new SplittableRandom(seed ^ SHOCK_SALT), t0, minutes, shocks, clear, labels);
    for (String symbol : symbols) {
      SplittableRandom rnd = new SplittableRandom(seed ^ (symbol.hashCode() * 0x9E3779B97F4A7C15L));
      Effects effects = plan(symbol, rnd.split(), t0, minutes, clear, labels);
      if (!sink.accept(symbol, series(symbol, rnd, t0, minutes, market, shocks, effects))) {
        break;
      }
    }
    labels.sort(Comparator.comparing(AnomalyLabel::start).thenComparing(AnomalyLabel::symbol));
    return labels;
  }

  /** Market factor log returns: GARCH(1,1) with Student-t shocks and intraday seasonality. */
  private static double[] marketFactor(SplittableRandom rnd, long t0, int n) {
    double base = 0.0007; // about 2.7 % a day
    double omega = base * base * (1 - GARCH_ALPHA - GARCH_BETA);
    double h = base * base;
    double[] r = new double[n];
    for (int i = 0; i < n; i++) {
      double season = volatilitySeason(t0 + i * MINUTE);
      double e = Math.sqrt(h) * studentT(rnd);
      r[i] = e * season;
      h = omega + GARCH_ALPHA * e * e + GARCH_BETA * h;
    }
    return r;
  }

  private static double volatilitySeason(long t) {
    double hour = Math.floorMod(t, 86_400_000L) / 3_600_000.0;
    return 0.75
        + 0.6 * Math.exp(-Math.pow(hour - 14.5, 2) / 8.0)
        + 0.15 * Math.exp(-Math.pow(hour - 1.0, 2) / 4.0);
  }

  private static double volumeSeason(long t) {
    return 0.6 + 0.8 * (volatilitySeason(t) - 0.75);
  }

  /** Student-t with 4 degrees of freedom, scaled to unit variance. */
  private static double studentT(SplittableRandom rnd) {
    double chi2 = 0;
    for (int k = 0; k < 4; k++) {
      double g = gaussian(rnd);
      chi2 += g * g;
    }
    return gaussian(rnd) / Math.sqrt(chi2 / 4.0) / Math.sqrt(2.0);
  }

  private static double gaussian(SplittableRandom rnd) {
    // Box-Muller; one value per call keeps the stream simple and reproducible.
    double u = rnd.nextDouble();
    double v = rnd.nextDouble();
    return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
  }

  /** Per-candle changes that anomalies make to the normal process. */
  private static final class Effects {
    final double[] drift;
    final double[] volatility;
    final double[] volume;
    final double[] wick;
    final boolean[] frozen;

    Effects(int n) {
      drift = new double[n];
      volatility = new double[n];
      volume = new double[n];
      wick = new double[n];
      frozen = new boolean[n];
      java.util.Arrays.fill(volatility, 1);
      java.util.Arrays.fill(volume, 1);
    }
  }

  /**
   * Market shocks: the factor's drift, volume and volatility around each, and {@code clear} set
   * where single-asset anomalies must not start (a shock with a margin on each side).
   */
  private void planShocks(
      SplittableRandom rnd,
      long t0,
      int n,
      Effects fx,
      boolean[] clear,
      List<AnomalyLabel> labels) {
    int expected = (int) Math.round(marketShocksPerDay * n / 1440.0);
    int at = WARM_UP;
    for (int k = 0; k < expected; k++) {
      int remaining = expected - k;
      int room = n - at - SPACING * remaining;
      if (room <= 0) {
        break;
      }
      at += rnd.nextInt(Math.max(1, room / remaining * 2)) + 1;
      int crash = 2 + rnd.nextInt(4);
      int recovery = 15 + rnd.nextInt(26);
      double depth = 0.03 + rnd.nextDouble() * 0.04;
      double regain = depth * (0.4 + rnd.nextDouble() * 0.4);
      if (at + crash + recovery >= n) {
        break;
      }
      for (int i = 0; i < crash; i++) {
        fx.drift[at + i] = Math.log(1 - depth) / crash;
        fx.volume[at + i] = 5 + rnd.nextDouble() * 5;
        fx.wick[at + i] = depth * 0.3;
      }
      for (int i = 0; i < recovery; i++) {
        fx.drift[at + crash + i] = Math.log(1 + regain) / recovery;
        fx.volume[at + crash + i] = 2 + rnd.nextDouble();
        fx.volatility[at + crash + i] = 2.5;
      }
      int length = crash + recovery;
      for (int i = Math.max(0, at - SHOCK_MARGIN);
          i < Math.min(n, at + length + SHOCK_MARGIN);
          i++) {
        clear[i] = true;
      }
      labels.add(
          new AnomalyLabel(
              "*",
              Instant.ofEpochMilli(t0 + at * MINUTE),
              Instant.ofEpochMilli(t0 + (at + length - 1) * MINUTE),
              AnomalyKind.MARKET_SHOCK));
      at += length + SPACING;
    }
  }

  private Effects plan(
      String symbol,
      SplittableRandom rnd,
      long t0,
      int n,
      boolean[] clear,
      List<AnomalyLabel> labels) {
    Effects fx = new Effects(n);
    int expected = (int) Math.round(anomaliesPerDay * n / 1440.0);
    AnomalyKind[] kinds = AnomalyKind.SINGLE_ASSET;
    int at = WARM_UP;
    for (int k = 0; k < expected; k++) {
      int remaining = expected - k;
      int room = n - at - SPACING * remaining;
      if (room <= 0) {
        break;
      }
      at += rnd.nextInt(Math.max(1, room / remaining * 2)) + 1;
      AnomalyKind kind = kinds[(k + rnd.nextInt(kinds.length)) % kinds.length];
      if (at >= n || clear[at]) {
        at += SPACING; // a market shock is near: this symbol's anomaly would blur its scope
        continue;
      }
      int length = inject(kind, fx, at, n, rnd);
      if (length <= 0) {
        break;
      }
      labels.add(
          new AnomalyLabel(
              symbol,
              Instant.ofEpochMilli(t0 + at * MINUTE),
              Instant.ofEpochMilli(t0 + (at + length - 1) * MINUTE),
              kind));
      at += length + SPACING;
    }
    return fx;
  }

  /** Writes one anomaly's effects from candle {@code at}; returns its length in candles. */
  private static int inject(AnomalyKind kind, Effects fx, int at, int n, SplittableRandom rnd) {
    switch (kind) {
      case FLASH_CRASH -> {
        int crash = 1 + rnd.nextInt(3);
        int recovery = 5 + rnd.nextInt(16);
        double depth = 0.04 + rnd.nextDouble() * 0.08;
        double regain = depth * (0.5 + rnd.nextDouble() * 0.4);
        if (at + crash + recovery >= n) {
          return 0;
        }
        for (int i = 0; i < crash; i++) {
          fx.drift[at + i] = Math.log(1 - depth) / crash;
          fx.volume[at + i] = 6 + rnd.nextDouble() * 6;
          fx.wick[at + i] = depth * 0.3;
        }
        for (int i = 0; i < recovery; i++) {
          fx.drift[at + crash + i] = Math.log(1 + regain) / recovery;
          fx.volume[at + crash + i] = 2 + rnd.nextDouble() * 2;
          fx.volatility[at + crash + i] = 2.5;
        }
        return crash + recovery;
      }
      case PUMP_AND_DUMP -> {
        int pump = 10 + rnd.nextInt(21);
        int dump = 3 + rnd.nextInt(6);
        double rise = 0.06 + rnd.nextDouble() * 0.09;
        if (at + pump + dump >= n) {
          return 0;
        }
        for (int i = 0; i < pump; i++) {
          fx.drift[at + i] = Math.log(1 + rise) / pump;
          fx.volume[at + i] = 2 + 4.0 * i / pump;
        }
        for (int i = 0; i < dump; i++) {
          fx.drift[at + pump + i] = -Math.log(1 + rise) / dump;
          fx.volume[at + pump + i] = 5 + rnd.nextDouble() * 3;
        }
        return pump + dump;
      }
      case VOLUME_SPIKE -> {
        int length = 1 + rnd.nextInt(3);
        if (at + length >= n) {
          return 0;
        }
        for (int i = 0; i < length; i++) {
          fx.volume[at + i] = 15 + rnd.nextDouble() * 25;
        }
        return length;
      }
      case VOLATILITY_SHIFT -> {
        int length = 60 + rnd.nextInt(121);
        double factor = 4 + rnd.nextDouble() * 2;
        if (at + length >= n) {
          return 0;
        }
        for (int i = 0; i < length; i++) {
          fx.volatility[at + i] = factor;
          fx.volume[at + i] = 2;
        }
        return length;
      }
      case MARKET_SHOCK -> throw new IllegalArgumentException("a market shock moves the factor");
      case FROZEN_FEED -> {
        int length = 15 + rnd.nextInt(31);
        if (at + length >= n) {
          return 0;
        }
        for (int i = 0; i < length; i++) {
          fx.frozen[at + i] = true;
        }
        return length;
      }
    }
    throw new IllegalArgumentException(kind.toString());
  }

  private static List<Kline> series(
      String symbol,
      SplittableRandom rnd,
      long t0,
      int n,
      double[] market,
      Effects shocks,
      Effects fx) {
    double price = startPrice(symbol);
    double beta = 0.7 + rnd.nextDouble() * 0.6;
    double idioBase = 0.0003 + rnd.nextDouble() * 0.0003;
    double omega = idioBase * idioBase * (1 - GARCH_ALPHA - GARCH_BETA);
    double h = idioBase * idioBase;
    double baseVolume = 1_000_000.0 / price * (0.5 + rnd.nextDouble());
    double tradeSize = baseVolume / 400;
    double typicalSigma = Math.hypot(beta * 0.0007, idioBase);
    List<Kline> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      long t = t0 + i * MINUTE;
      double season = volatilitySeason(t);
      double e = Math.sqrt(h) * studentT(rnd);
      h = omega + GARCH_ALPHA * e * e + GARCH_BETA * h;
      double sigma = typicalSigma * season * fx.volatility[i] * shocks.volatility[i];
      double open = price;
      if (fx.frozen[i]) {
        out.add(new Kline(t, open, open, open, open, 0, t + MINUTE - 1, 0, 0, 0, 0));
        continue;
      }
      double r =
          (beta * market[i] + e * season) * fx.volatility[i] * shocks.volatility[i]
              + beta * shocks.drift[i]
              + fx.drift[i];
      double close = open * Math.exp(r);
      double high = Math.max(open, close) * Math.exp(Math.abs(gaussian(rnd)) * sigma * 0.6);
      double low =
          Math.min(open, close)
              * Math.exp(
                  -Math.abs(gaussian(rnd)) * sigma * 0.6 - fx.wick[i] - beta * shocks.wick[i]);
      double volume =
          baseVolume
              * volumeSeason(t)
              * Math.exp(0.35 * gaussian(rnd))
              * (1 + 1.5 * Math.abs(r - fx.drift[i] - beta * shocks.drift[i]) / typicalSigma)
              * fx.volume[i]
              * shocks.volume[i];
      // Binance-like precision: prices on a tick, volumes with 8 decimals.
      double scale = open >= 10 ? 100 : 10_000;
      close = round(close, scale);
      high = Math.max(round(high, scale), Math.max(open, close));
      low = Math.min(round(low, scale), Math.min(open, close));
      volume = round(volume, 1e8);
      double mid = (open + high + low + close) / 4;
      long trades = Math.max(1, Math.round(volume / tradeSize * Math.exp(0.2 * gaussian(rnd))));
      double takerShare =
          Math.min(0.95, Math.max(0.05, 0.5 + 0.08 * gaussian(rnd) + 0.15 * Math.signum(r)));
      double takerBase = round(volume * takerShare, 1e8);
      out.add(
          new Kline(
              t,
              open,
              high,
              low,
              close,
              volume,
              t + MINUTE - 1,
              round(volume * mid, 1e8),
              trades,
              takerBase,
              round(takerBase * mid, 1e8)));
      price = close;
    }
    return out;
  }

  private static double round(double v, double scale) {
    return Math.round(v * scale) / scale;
  }

  private static double startPrice(String symbol) {
    return switch (symbol) {
      case "BTCUSDT" -> 60_000;
      case "ETHUSDT" -> 3_000;
      case "SOLUSDT" -> 150;
      case "BNBUSDT" -> 550;
      case "AVAXUSDT" -> 30;
      case "LINKUSDT" -> 15;
      default -> 10;
    };
  }
}
