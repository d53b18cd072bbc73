package dev.cryptoanomaly.testkit;

import dev.cryptoanomaly.features.BatchFeatures;
import dev.cryptoanomaly.features.CandleColumns;
import dev.cryptoanomaly.features.FeatureFrame;
import dev.cryptoanomaly.features.FeatureRegistry;
import dev.cryptoanomaly.features.FeatureRow;
import dev.cryptoanomaly.features.FeatureSpec;
import dev.cryptoanomaly.features.FeatureState;
import dev.cryptoanomaly.features.MarketFeatureStream;
import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Kline;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Computes a market's features in batch and by streaming (candles arriving interleaved across
 * symbols, with duplicates and restarts that rebuild state from "stored" candles), for comparing
 * the two.
 */
public final class FeatureReplay {
  private FeatureReplay() {}

  /** Batch frames per symbol; every symbol is aligned against the reference when present. */
  public static Map<String, FeatureFrame> batch(
      Interval interval, Map<String, List<Kline>> market, FeatureSpec spec) {
    Map<String, CandleColumns> columns = new LinkedHashMap<>();
    market.forEach((s, k) -> columns.put(s, BatchFeatures.columns(interval, k)));
    CandleColumns reference = columns.get(FeatureRegistry.REFERENCE_SYMBOL);
    Map<String, FeatureFrame> frames = new LinkedHashMap<>();
    columns.forEach(
        (s, c) -> {
          if (reference != null) {
            BatchFeatures.alignReference(c, reference);
          }
          frames.put(s, BatchFeatures.compute(c, spec));
        });
    return frames;
  }

  /**
   * Streams the market: candles in open-time order, the symbols of one open time in random order,
   * every so often a duplicate of an earlier candle, and with probability {@code restartChance} per
   * candle a restart that warms a new stream from the emitted ("stored") candles and redelivers the
   * candles still waiting.
   *
   * @return rows per symbol by open time; a row emitted twice fails the replay
   */
  public static Map<String, Map<Long, FeatureRow>> stream(
      Interval interval,
      Map<String, List<Kline>> market,
      FeatureSpec spec,
      long seed,
      double restartChance) {
    Random random = new Random(seed);
    TreeMap<Long, List<Map.Entry<String, Kline>>> byTime = new TreeMap<>();
    market.forEach(
        (s, ks) ->
            ks.forEach(
                k ->
                    byTime
                        .computeIfAbsent(k.openTime(), t -> new ArrayList<>())
                        .add(Map.entry(s, k))));
    Map<String, Map<Long, FeatureRow>> rows = new HashMap<>();
    Map<String, TreeMap<Long, Kline>> stored = new HashMap<>();
    Map<String, List<Kline>> waiting = new HashMap<>();
    market
        .keySet()
        .forEach(
            s -> {
              rows.put(s, new HashMap<>());
              stored.put(s, new TreeMap<>());
              waiting.put(s, new ArrayList<>());
            });
    MarketFeatureStream stream = newStream(interval, spec);
    for (List<Map.Entry<String, Kline>> slot : byTime.values()) {
      List<Map.Entry<String, Kline>> arrivals = new ArrayList<>(slot);
      java.util.Collections.shuffle(arrivals, random);
      for (Map.Entry<String, Kline> arrival : arrivals) {
        if (random.nextDouble() < restartChance) {
          stream = newStream(interval, spec);
          for (String s : market.keySet()) {
            TreeMap<Long, Kline> history = stored.get(s);
            if (!history.isEmpty()) {
              long last = history.lastKey();
              long from = last - (long) FeatureState.warmupCandles(spec) * interval.millis();
              stream.warm(s, new ArrayList<>(history.subMap(from, false, last, true).values()));
            }
          }
          List<Map.Entry<String, Kline>> redeliver = new ArrayList<>();
          waiting.forEach((s, ks) -> ks.forEach(k -> redeliver.add(Map.entry(s, k))));
          waiting.values().forEach(List::clear);
          for (Map.Entry<String, Kline> again : redeliver) {
            deliver(stream, again, rows, stored, waiting);
          }
        }
        deliver(stream, arrival, rows, stored, waiting);
        if (random.nextDouble() < 0.01) {
          Map.Entry<String, Kline> old = slot.get(random.nextInt(slot.size()));
          deliver(stream, old, rows, stored, waiting);
        }
      }
    }
    record(stream.flush(), rows, stored, waiting);
    return rows;
  }

  private static MarketFeatureStream newStream(Interval interval, FeatureSpec spec) {
    return new MarketFeatureStream(interval, spec, FeatureRegistry.REFERENCE_SYMBOL, 3);
  }

  private static void deliver(
      MarketFeatureStream stream,
      Map.Entry<String, Kline> arrival,
      Map<String, Map<Long, FeatureRow>> rows,
      Map<String, TreeMap<Long, Kline>> stored,
      Map<String, List<Kline>> waiting) {
    String symbol = arrival.getKey();
    Kline k = arrival.getValue();
    if (!stored.get(symbol).containsKey(k.openTime()) && !waiting.get(symbol).contains(k)) {
      waiting.get(symbol).add(k);
    }
    record(stream.accept(symbol, k), rows, stored, waiting);
  }

  private static void record(
      List<MarketFeatureStream.SymbolRow> ready,
      Map<String, Map<Long, FeatureRow>> rows,
      Map<String, TreeMap<Long, Kline>> stored,
      Map<String, List<Kline>> waiting) {
    for (MarketFeatureStream.SymbolRow r : ready) {
      FeatureRow previous = rows.get(r.symbol()).put(r.row().openTime(), r.row());
      if (previous != null) {
        throw new AssertionError(r.symbol() + " row " + r.row().openTime() + " emitted twice");
      }
      Kline done =
          waiting.get(r.symbol()).stream()
              .filter(w -> w.openTime() == r.row().openTime())
              .findFirst()
              .orElseThrow();
      waiting.get(r.symbol()).remove(done);
      stored.get(r.symbol()).put(done.openTime(), done);
    }
  }

  /** A description of the first difference between batch and streaming, or null when equal. */
  public static String firstDifference(
      Map<String, FeatureFrame> batch,
      Map<String, Map<Long, FeatureRow>> streamed,
      double relativeTolerance) {
    for (var e : batch.entrySet()) {
      FeatureFrame frame = e.getValue();
      Map<Long, FeatureRow> rows = streamed.get(e.getKey());
      if (rows.size() != frame.rows()) {
        return e.getKey() + ": " + frame.rows() + " batch rows, " + rows.size() + " streamed";
      }
      for (int r = 0; r < frame.rows(); r++) {
        FeatureRow row = rows.get(frame.openTime(r));
        if (row == null) {
          return e.getKey() + " " + frame.openTime(r) + ": not streamed";
        }
        if (row.exclusion() != frame.exclusion(r)) {
          return e.getKey()
              + " "
              + frame.openTime(r)
              + ": exclusion "
              + frame.exclusion(r)
              + " in batch, "
              + row.exclusion()
              + " streamed";
        }
        for (int f = 0; f < frame.width(); f++) {
          double b = frame.value(r, f);
          double s = row.values()[f];
          if (!close(b, s, relativeTolerance)) {
            return e.getKey()
                + " "
                + frame.openTime(r)
                + " "
                + frame.spec().names().get(f)
                + ": batch "
                + b
                + ", streamed "
                + s;
          }
        }
      }
    }
    return null;
  }

  private static boolean close(double a, double b, double tolerance) {
    if (Double.isNaN(a) || Double.isNaN(b)) {
      return Double.isNaN(a) && Double.isNaN(b);
    }
    if (a == b) {
      return true;
    }
    return Math.abs(a - b) <= tolerance * Math.max(Math.abs(a), Math.abs(b));
  }
}
