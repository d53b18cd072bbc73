package dev.cryptoanomaly.online;

import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Kline;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The market reference's latest closes, enough to give its log return at any of the last {@link
 * #MEMORY} open times exactly as batch features compute it ({@code ln(close / previous close)} when
 * the previous candle is the one just before, else NaN). A stream processor keeps one per reference
 * series (market and interval) and checkpoints it as {@link #encode() bytes}.
 */
public final class ReferenceCandles implements ReferenceReturns {
  /** Open times remembered: 2.8 days of 1m candles, enough for any catch-up after a gap. */
  public static final int MEMORY = 4_096;

  private final Interval interval;
  private final int capacity;
  private final long[] openTimes;
  private final double[] closes;
  private int size;
  private long latest = Long.MIN_VALUE;

  public ReferenceCandles(Interval interval) {
    this(interval, new long[MEMORY], new double[MEMORY], 0);
  }

  /**
   * Every one of {@code stored} (oldest first) and nothing later: what a backfill over stored
   * history compares with, where the reference has shown all it will.
   */
  public static ReferenceCandles ofStored(Interval interval, List<Kline> stored) {
    int n = Math.max(stored.size(), 1);
    ReferenceCandles r = new ReferenceCandles(interval, new long[n], new double[n], 0);
    stored.forEach(k -> r.add(k.openTime(), k.close()));
    r.latest = Long.MAX_VALUE;
    return r;
  }

  private ReferenceCandles(Interval interval, long[] openTimes, double[] closes, int size) {
    this.interval = interval;
    this.capacity = openTimes.length;
    this.openTimes = openTimes;
    this.closes = closes;
    this.size = size;
    if (size > 0) {
      latest = openTimes[size - 1];
    }
  }

  /**
   * Takes a reference candle. One at or before the latest is ignored (a duplicate, or late: the
   * candles after it were already given out without it, as they would be again after a restart).
   */
  public void add(long openTime, double close) {
    if (openTime <= latest) {
      return;
    }
    int at = slot(size);
    openTimes[at] = openTime;
    closes[at] = close;
    size++;
    latest = openTime;
  }

  @Override
  public boolean reached(long openTime) {
    return latest >= openTime;
  }

  /** The latest open time taken, {@link Long#MIN_VALUE} before the first. */
  public long latest() {
    return latest;
  }

  @Override
  public double at(long openTime) {
    int i = find(openTime);
    if (i < 0) {
      return Double.NaN;
    }
    int before = i - 1;
    boolean follows =
        before >= Math.max(0, size - capacity)
            && interval.next(openTimes[slot(before)]) == openTime;
    return follows ? Math.log(closes[slot(i)] / closes[slot(before)]) : Double.NaN;
  }

  /** The logical index of an open time among the remembered ones, or -1. */
  private int find(long openTime) {
    int first = Math.max(0, size - capacity);
    int lo = first;
    int hi = size - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      long t = openTimes[slot(mid)];
      if (t < openTime) {
        lo = mid + 1;
      } else if (t > openTime) {
        hi = mid - 1;
      } else {
        return mid;
      }
    }
    return -1;
  }

  private int slot(int index) {
    return index % capacity;
  }

  /** The remembered candles, oldest first, as bytes (doubles as raw bits). */
  public byte[] encode() {
    int n = Math.min(size, capacity);
    ByteBuffer out = ByteBuffer.allocate(4 + n * 16);
    out.putInt(n);
    for (int i = size - n; i < size; i++) {
      out.putLong(openTimes[slot(i)]).putDouble(closes[slot(i)]);
    }
    return out.array();
  }

  public static ReferenceCandles decode(Interval interval, byte[] encoded) {
    ByteBuffer in = ByteBuffer.wrap(encoded);
    int n = in.getInt();
    if (n < 0 || n > MEMORY || in.remaining() != n * 16) {
      throw new IllegalArgumentException("damaged reference state of " + encoded.length + " bytes");
    }
    long[] openTimes = new long[MEMORY];
    double[] closes = new double[MEMORY];
    for (int i = 0; i < n; i++) {
      openTimes[i] = in.getLong();
      closes[i] = in.getDouble();
    }
    return new ReferenceCandles(interval, openTimes, closes, n);
  }
}
