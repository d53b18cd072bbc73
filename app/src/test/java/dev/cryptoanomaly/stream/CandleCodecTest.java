package dev.cryptoanomaly.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Kline;
import dev.cryptoanomaly.kline.Market;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.online.CandleCodec;
import dev.cryptoanomaly.online.CandleEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Candle entries round-trip exactly, and a damaged entry is refused with what is wrong. */
class CandleCodecTest {
  private static final SeriesKey BTC = new SeriesKey(Market.SPOT, "BTCUSDT", Interval.M1);

  @Property(tries = 200)
  void anyBatchRoundTripsExactly(@ForAll("batches") List<CandleEvent> events) {
    assertThat(CandleCodec.decode(CandleCodec.encode(events))).isEqualTo(events);
  }

  @Property(tries = 200)
  void anyCandleRoundTripsExactlyAsOneRecordValue(@ForAll("batches") List<CandleEvent> events) {
    for (CandleEvent e : events) {
      assertThat(CandleCodec.decodeOne(CandleCodec.encodeOne(e))).isEqualTo(e);
    }
  }

  @Test
  void aDamagedRecordValueIsRefusedWithWhatIsWrong() {
    CandleEvent e = new CandleEvent(BTC, new Kline(0, 1, 2, 0.5, 1.5, 9, 59_999, 10, 3, 4, 5), 7);
    byte[] value = CandleCodec.encodeOne(e);
    assertThatThrownBy(() -> CandleCodec.decodeOne(Arrays.copyOf(value, value.length - 1)))
        .hasMessage("the value ends inside its candle");
    assertThatThrownBy(() -> CandleCodec.decodeOne(Arrays.copyOf(value, value.length + 2)))
        .hasMessage("the value has 2 bytes after its candle");
    assertThatThrownBy(() -> CandleCodec.decodeOne(null)).hasMessage("the record has no value");
  }

  @Provide
  Arbitrary<List<CandleEvent>> batches() {
    Arbitrary<SeriesKey> series =
        Combinators.combine(
                Arbitraries.of(Market.values()),
                Arbitraries.strings().withCharRange('A', 'Z').ofMinLength(1).ofMaxLength(20),
                Arbitraries.of(Interval.values()))
            .as(SeriesKey::new);
    Arbitrary<Double> anyDouble = Arbitraries.doubles().withSpecialValue(Double.NaN);
    Arbitrary<Kline> kline =
        Combinators.combine(
                Arbitraries.longs(),
                anyDouble.list().ofSize(9),
                Arbitraries.longs().between(0, Long.MAX_VALUE))
            .as(
                (t, d, trades) ->
                    new Kline(
                        t,
                        d.get(0),
                        d.get(1),
                        d.get(2),
                        d.get(3),
                        d.get(4),
                        t + 59_999,
                        d.get(5),
                        trades,
                        d.get(6),
                        d.get(7)));
    return Combinators.combine(series, kline, Arbitraries.longs())
        .as(CandleEvent::new)
        .list()
        .ofMinSize(1)
        .ofMaxSize(CandleCodec.MAX_CANDLES);
  }

  @Test
  void aDamagedEntryIsRefusedNamingWhatIsWrong() {
    Map<byte[], byte[]> good = CandleCodec.encode(List.of(event(0), event(1)));
    byte[] candles = field(good, "c");

    assertThatThrownBy(() -> CandleCodec.decode(without(good, "n")))
        .hasMessage("field n is missing");
    assertThatThrownBy(() -> CandleCodec.decode(without(good, "c")))
        .hasMessage("field c is missing");
    assertThatThrownBy(() -> CandleCodec.decode(with(good, "n", ascii("x"))))
        .hasMessage("field n is 'x', expected a count from 1 to 64");
    assertThatThrownBy(() -> CandleCodec.decode(with(good, "n", ascii("3"))))
        .hasMessage("field c ends inside candle 3 of 3");
    assertThatThrownBy(
            () -> CandleCodec.decode(with(good, "c", Arrays.copyOf(candles, candles.length - 1))))
        .hasMessage("field c ends inside candle 2 of 2");
    assertThatThrownBy(() -> CandleCodec.decode(with(good, "n", ascii("1"))))
        .hasMessageStartingWith("field c has ")
        .hasMessageEndingWith(" bytes after its 1 candles");
    byte[] badMarket = candles.clone();
    badMarket[1] = 'x'; // "spot" becomes "xpot"
    assertThatThrownBy(() -> CandleCodec.decode(with(good, "c", badMarket)))
        .hasMessageStartingWith("candle 1 of 2: unknown market 'xpot'");
  }

  @Test
  void anEntryCarriesOneToSixtyFourCandles() {
    List<CandleEvent> many = new ArrayList<>();
    for (int i = 0; i <= CandleCodec.MAX_CANDLES; i++) {
      many.add(event(i));
    }
    assertThatThrownBy(() -> CandleCodec.encode(many))
        .hasMessage("an entry carries 1 to 64 candles, not 65");
    assertThatThrownBy(() -> CandleCodec.encode(List.of()))
        .hasMessage("an entry carries 1 to 64 candles, not 0");
  }

  private static CandleEvent event(int minute) {
    return new CandleEvent(
        BTC, Kline.ohlcv(Interval.M1, minute * 60_000L, 100, 101, 99, 100.5, 12.25), 7);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] field(Map<byte[], byte[]> fields, String name) {
    for (var f : fields.entrySet()) {
      if (new String(f.getKey(), StandardCharsets.US_ASCII).equals(name)) {
        return f.getValue();
      }
    }
    throw new AssertionError("no field " + name);
  }

  private static Map<byte[], byte[]> without(Map<byte[], byte[]> fields, String name) {
    Map<byte[], byte[]> out = new LinkedHashMap<>();
    fields.forEach(
        (k, v) -> {
          if (!new String(k, StandardCharsets.US_ASCII).equals(name)) {
            out.put(k, v);
          }
        });
    return out;
  }

  private static Map<byte[], byte[]> with(Map<byte[], byte[]> fields, String name, byte[] value) {
    Map<byte[], byte[]> out = without(fields, name);
    out.put(name.getBytes(StandardCharsets.US_ASCII), value);
    return out;
  }
}
