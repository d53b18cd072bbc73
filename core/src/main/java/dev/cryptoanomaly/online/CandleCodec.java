package dev.cryptoanomaly.online;

import dev.cryptoanomaly.UserException;
import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Kline;
import dev.cryptoanomaly.kline.Market;
import dev.cryptoanomaly.kline.SeriesKey;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Candle events as the fields of one Redis stream entry: {@code n}, how many candles (text), and
 * {@code c}, the candles back to back; on Kafka, one candle is a record's value. Each candle is its
 * market, symbol and interval as short length-prefixed ASCII, then the eleven kline values and the
 * publish time in epoch microseconds as raw big-endian numbers. Binary because parsing decimal
 * doubles was the largest single cost of a worker's read, and raw bits round-trip exactly; several
 * candles per entry because Redis's own cost (entry ids, the pending list, acknowledgements) is per
 * entry.
 */
public final class CandleCodec {
  /** The most candles one entry carries. */
  public static final int MAX_CANDLES = 64;

  static final int KLINE_BYTES = 11 * Long.BYTES;

  /**
   * Series keys by their encoded names, so that each series decodes to one shared key object: the
   * worker's maps then find it by a cached hash and an identity comparison, where a fresh key per
   * candle made every lookup hash and compare its symbol again. Bounded; past the bound new series
   * decode to keys of their own.
   */
  private static final int MAX_SHARED_KEYS = 100_000;

  private static final Map<ByteBuffer, SeriesKey> KEYS = new ConcurrentHashMap<>();
  private static final byte[] COUNT = {'n'};
  private static final byte[] CANDLES = {'c'};

  private CandleCodec() {}

  /** One entry's fields for up to {@link #MAX_CANDLES} events. */
  public static Map<byte[], byte[]> encode(List<CandleEvent> events) {
    if (events.isEmpty() || events.size() > MAX_CANDLES) {
      throw new IllegalArgumentException(
          "an entry carries 1 to " + MAX_CANDLES + " candles, not " + events.size());
    }
    Map<byte[], byte[]> m = new LinkedHashMap<>(4);
    m.put(COUNT, ascii(Integer.toString(events.size())));
    m.put(CANDLES, candles(events));
    return m;
  }

  /**
   * One event as the value of a Kafka record: the bytes of one candle of an entry's field {@code
   * c}.
   */
  public static byte[] encodeOne(CandleEvent event) {
    return candles(List.of(event));
  }

  /**
   * Decodes a Kafka record's value.
   *
   * @throws IllegalArgumentException saying what is missing or malformed
   */
  public static CandleEvent decodeOne(byte[] value) {
    if (value == null) {
      throw new IllegalArgumentException("the record has no value");
    }
    ByteBuffer in = ByteBuffer.wrap(value);
    CandleEvent e;
    try {
      e = candle(in);
    } catch (BufferUnderflowException ex) {
      throw new IllegalArgumentException("the value ends inside its candle", ex);
    } catch (UserException ex) {
      throw new IllegalArgumentException(ex.getMessage(), ex);
    }
    if (in.hasRemaining()) {
      throw new IllegalArgumentException(
          "the value has " + in.remaining() + " bytes after its candle");
    }
    return e;
  }

  private static byte[] candles(List<CandleEvent> events) {
    int size = 0;
    List<byte[][]> names = new ArrayList<>(events.size());
    for (CandleEvent e : events) {
      byte[][] n = {
        ascii(e.series().market().cliName()),
        ascii(e.series().symbol()),
        ascii(e.series().interval().apiName())
      };
      names.add(n);
      size += 3 + n[0].length + n[1].length + n[2].length + KLINE_BYTES + Long.BYTES;
    }
    ByteBuffer out = ByteBuffer.allocate(size);
    for (int i = 0; i < events.size(); i++) {
      for (byte[] name : names.get(i)) {
        out.put((byte) name.length).put(name);
      }
      CandleEvent e = events.get(i);
      putKline(out, e.kline()).putLong(e.publishedMicros());
    }
    return out.array();
  }

  /**
   * Decodes an entry.
   *
   * @throws IllegalArgumentException naming the field or the candle that is missing or malformed
   */
  public static List<CandleEvent> decode(Map<byte[], byte[]> fields) {
    byte[] count = null;
    byte[] candles = null;
    for (Map.Entry<byte[], byte[]> f : fields.entrySet()) {
      byte[] name = f.getKey();
      if (name.length == 1 && name[0] == 'n') {
        count = f.getValue();
      } else if (name.length == 1 && name[0] == 'c') {
        candles = f.getValue();
      }
    }
    int n = count(count);
    if (candles == null) {
      throw new IllegalArgumentException("field c is missing");
    }
    ByteBuffer in = ByteBuffer.wrap(candles);
    List<CandleEvent> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      try {
        out.add(candle(in));
      } catch (BufferUnderflowException e) {
        throw new IllegalArgumentException("field c ends inside candle " + (i + 1) + " of " + n, e);
      } catch (IllegalArgumentException | UserException e) {
        throw new IllegalArgumentException(
            "candle " + (i + 1) + " of " + n + ": " + e.getMessage(), e);
      }
    }
    if (in.hasRemaining()) {
      throw new IllegalArgumentException(
          "field c has " + in.remaining() + " bytes after its " + n + " candles");
    }
    return out;
  }

  private static int count(byte[] value) {
    if (value == null || value.length == 0) {
      throw new IllegalArgumentException("field n is missing");
    }
    String text = new String(value, StandardCharsets.US_ASCII);
    try {
      int n = Integer.parseInt(text);
      if (n >= 1 && n <= MAX_CANDLES) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "field n is '" + text + "', expected a count from 1 to " + MAX_CANDLES);
  }

  private static CandleEvent candle(ByteBuffer in) {
    SeriesKey series = series(in);
    Kline kline = getKline(in);
    return new CandleEvent(series, kline, in.getLong());
  }

  /**
   * A candle's fields, {@link #KLINE_BYTES} of them, doubles as their raw bits: the layout of the
   * bus's values and of the stream processors' checkpointed state.
   */
  static ByteBuffer putKline(ByteBuffer out, Kline k) {
    return out.putLong(k.openTime())
        .putDouble(k.open())
        .putDouble(k.high())
        .putDouble(k.low())
        .putDouble(k.close())
        .putDouble(k.volume())
        .putLong(k.closeTime())
        .putDouble(k.quoteVolume())
        .putLong(k.trades())
        .putDouble(k.takerBuyBase())
        .putDouble(k.takerBuyQuote());
  }

  /** The candle {@link #putKline} wrote. */
  static Kline getKline(ByteBuffer in) {
    return new Kline(
        in.getLong(),
        in.getDouble(),
        in.getDouble(),
        in.getDouble(),
        in.getDouble(),
        in.getDouble(),
        in.getLong(),
        in.getDouble(),
        in.getLong(),
        in.getDouble(),
        in.getDouble());
  }

  /** Reads the market, symbol and interval names, sharing the key of a series seen before. */
  private static SeriesKey series(ByteBuffer in) {
    int start = in.position();
    int end = start;
    for (int i = 0; i < 3; i++) {
      if (end >= in.limit()) {
        throw new BufferUnderflowException();
      }
      end += 1 + Byte.toUnsignedInt(in.get(end));
    }
    if (end > in.limit()) {
      throw new BufferUnderflowException();
    }
    SeriesKey known = KEYS.get(in.slice(start, end - start));
    if (known != null) {
      in.position(end);
      return known;
    }
    SeriesKey key = new SeriesKey(Market.parse(name(in)), name(in), Interval.parse(name(in)));
    if (KEYS.size() < MAX_SHARED_KEYS) {
      byte[] names = new byte[end - start];
      in.get(start, names);
      KEYS.putIfAbsent(ByteBuffer.wrap(names), key);
    }
    return key;
  }

  private static String name(ByteBuffer in) {
    int length = Byte.toUnsignedInt(in.get());
    if (length == 0) {
      throw new IllegalArgumentException("empty market, symbol or interval");
    }
    byte[] b = new byte[length];
    in.get(b);
    return new String(b, StandardCharsets.US_ASCII);
  }

  private static byte[] ascii(String s) {
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    if (b.length > 255) {
      throw new IllegalArgumentException("name too long for a candle entry: " + s);
    }
    return b;
  }
}
