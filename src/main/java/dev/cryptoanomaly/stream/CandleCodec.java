package dev.cryptoanomaly.stream;

import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Kline;
import dev.cryptoanomaly.kline.Market;
import dev.cryptoanomaly.kline.SeriesKey;
import java.util.HashMap;
import java.util.Map;

/**
 * Candle events as Redis stream fields: market, symbol, interval, the candle as one comma-separated
 * field (doubles in their shortest exact form, so a round trip is exact) and the publish time.
 */
public final class CandleCodec {
  private CandleCodec() {}

  public static Map<String, String> encode(CandleEvent e) {
    Kline k = e.kline();
    Map<String, String> m = new HashMap<>(8);
    m.put("m", e.series().market().cliName());
    m.put("s", e.series().symbol());
    m.put("i", e.series().interval().apiName());
    m.put(
        "k",
        k.openTime()
            + ","
            + k.open()
            + ","
            + k.high()
            + ","
            + k.low()
            + ","
            + k.close()
            + ","
            + k.volume()
            + ","
            + k.closeTime()
            + ","
            + k.quoteVolume()
            + ","
            + k.trades()
            + ","
            + k.takerBuyBase()
            + ","
            + k.takerBuyQuote());
    m.put("p", Long.toString(e.publishedMicros()));
    return m;
  }

  /**
   * Decodes an event.
   *
   * @throws IllegalArgumentException naming the field that is missing or malformed
   */
  public static CandleEvent decode(Map<String, String> m) {
    SeriesKey series =
        new SeriesKey(Market.parse(field(m, "m")), field(m, "s"), Interval.parse(field(m, "i")));
    String[] k = field(m, "k").split(",", -1);
    if (k.length != 11) {
      throw new IllegalArgumentException("field k has " + k.length + " values, expected 11");
    }
    try {
      Kline kline =
          new Kline(
              Long.parseLong(k[0]),
              Double.parseDouble(k[1]),
              Double.parseDouble(k[2]),
              Double.parseDouble(k[3]),
              Double.parseDouble(k[4]),
              Double.parseDouble(k[5]),
              Long.parseLong(k[6]),
              Double.parseDouble(k[7]),
              Long.parseLong(k[8]),
              Double.parseDouble(k[9]),
              Double.parseDouble(k[10]));
      return new CandleEvent(series, kline, Long.parseLong(field(m, "p")));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("malformed number: " + e.getMessage(), e);
    }
  }

  private static String field(Map<String, String> m, String name) {
    String v = m.get(name);
    if (v == null || v.isEmpty()) {
      throw new IllegalArgumentException("field " + name + " is missing");
    }
    return v;
  }
}
