package dev.cryptoanomaly.testkit;

import dev.cryptoanomaly.kline.Kline;
import dev.cryptoanomaly.simulate.MarketSimulator;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/** Realistic test candles from the simulator, and the shared real-data folder. */
public final class Markets {
  private Markets() {}

  /** {@code days} whole days of 1m candles for one symbol starting at {@code from}. */
  public static List<Kline> minutes(String symbol, LocalDate from, int days) {
    Instant start = from.atStartOfDay(ZoneOffset.UTC).toInstant();
    return new MarketSimulator(7)
        .simulate(List.of(symbol), start, days * 1440)
        .klines()
        .get(symbol);
  }

  /** The candles of {@code all} that open on {@code day}. */
  public static List<Kline> on(List<Kline> all, LocalDate day) {
    long s = day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    long e = s + 86_400_000L;
    return all.stream().filter(k -> k.openTime() >= s && k.openTime() < e).toList();
  }

  /** The candles of {@code all} in {@code [from, to)}. */
  public static List<Kline> between(List<Kline> all, long from, long to) {
    return all.stream().filter(k -> k.openTime() >= from && k.openTime() < to).toList();
  }

  /** ../shared/data, passed by the build; tests fail when it is missing. */
  public static Path sharedData() {
    String dir = System.getProperty("shared.data.dir", "../shared/data");
    return Path.of(dir).toAbsolutePath().normalize();
  }
}
