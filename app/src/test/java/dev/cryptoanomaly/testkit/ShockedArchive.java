package dev.cryptoanomaly.testkit;

import dev.cryptoanomaly.binance.ArchiveFile;
import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Kline;
import dev.cryptoanomaly.kline.Market;
import dev.cryptoanomaly.kline.SeriesKey;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Three days of BTCUSDT 1m candles in the fake archive (2024-04-01 to 2024-04-03), calm but for one
 * shock late on the last day: a 6% drop on 40 times the usual volume, which any detector trained on
 * the first days must flag.
 */
public final class ShockedArchive {
  public static final LocalDate FIRST = LocalDate.of(2024, 4, 1);
  public static final LocalDate LAST = LocalDate.of(2024, 4, 3);
  public static final SeriesKey BTC = new SeriesKey(Market.SPOT, "BTCUSDT", Interval.M1);

  private ShockedArchive() {}

  /** Publishes the daily files; returns the open time of the shock. */
  public static long publish(FakeBinance binance) {
    List<Kline> all = new ArrayList<>(Markets.minutes("BTCUSDT", FIRST, 3));
    int shock = all.size() - 90;
    Kline k = all.get(shock);
    double drop = k.open() * 0.94;
    all.set(
        shock,
        Kline.ohlcv(
            Interval.M1, k.openTime(), k.open(), k.open(), drop * 0.995, drop, k.volume() * 40));
    for (int i = shock + 1; i < all.size(); i++) {
      Kline c = all.get(i);
      double f = 0.94;
      all.set(
          i,
          Kline.ohlcv(
              Interval.M1,
              c.openTime(),
              c.open() * f,
              c.high() * f,
              c.low() * f,
              c.close() * f,
              c.volume()));
    }
    for (LocalDate d = FIRST; !d.isAfter(LAST); d = d.plusDays(1)) {
      binance.publish(ArchiveFile.daily(BTC, d), Markets.on(all, d), false, false);
    }
    return k.openTime();
  }
}
