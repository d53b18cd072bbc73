package dev.cryptoanomaly.features;

import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Kline;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Streaming features of many symbols of one interval, in any arrival order across symbols. When the
 * spec compares a symbol with the market reference, a candle waits until the reference's candle of
 * the same open time has arrived (or the reference has moved past it), so its row equals the batch
 * row. A candle waits at most {@code maxReferenceLag} intervals; after that it is computed without
 * the reference and that row is excluded as {@link Exclusion#MISSING_REFERENCE}.
 */
public final class MarketFeatureStream {
  private static final int REFERENCE_MEMORY = 4096;

  private final Interval interval;
  private final FeatureSpec spec;
  private final String referenceSymbol;
  private final int maxReferenceLag;
  private final boolean waitsForReference;
  private final Map<String, FeatureState> states = new HashMap<>();
  private final Map<String, ArrayDeque<Kline>> pending = new HashMap<>();
  private final Map<Long, Double> referenceReturns =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Double> eldest) {
          return size() > REFERENCE_MEMORY;
        }
      };
  private long referenceLatest = Long.MIN_VALUE;

  /** A symbol's feature row. */
  public record SymbolRow(String symbol, FeatureRow row) {}

  public MarketFeatureStream(
      Interval interval, FeatureSpec spec, String referenceSymbol, int maxReferenceLag) {
    this.interval = interval;
    this.spec = spec;
    this.referenceSymbol = referenceSymbol;
    this.maxReferenceLag = maxReferenceLag;
    this.waitsForReference = spec.needs(Feature.Input.REFERENCE);
  }

  /** Rebuilds a symbol's state from its latest stored candles (oldest first). */
  public void warm(String symbol, List<Kline> recent) {
    FeatureState state = state(symbol);
    if (!symbol.equals(referenceSymbol)) {
      state.warm(recent);
      return;
    }
    for (Kline k : recent) {
      if (state.update(k, Double.NaN) != null) {
        referenceReturns.put(k.openTime(), state.lastLogReturn());
        referenceLatest = k.openTime();
      }
    }
  }

  /** Takes one closed candle and returns the rows that became ready, in order per symbol. */
  public List<SymbolRow> accept(String symbol, Kline k) {
    List<SymbolRow> ready = new ArrayList<>();
    if (symbol.equals(referenceSymbol)) {
      FeatureRow row = state(symbol).update(k, Double.NaN);
      if (row == null) {
        return ready;
      }
      referenceReturns.put(k.openTime(), state(symbol).lastLogReturn());
      referenceLatest = k.openTime();
      ready.add(new SymbolRow(symbol, row));
      for (String other : pending.keySet()) {
        drain(other, ready);
      }
      return ready;
    }
    if (!waitsForReference) {
      add(symbol, state(symbol).update(k, Double.NaN), ready);
      return ready;
    }
    pending.computeIfAbsent(symbol, s -> new ArrayDeque<>()).addLast(k);
    drain(symbol, ready);
    return ready;
  }

  /**
   * Releases every waiting candle without the reference, e.g. at the end of a replay; rows that
   * needed it are excluded as {@link Exclusion#MISSING_REFERENCE}.
   */
  public List<SymbolRow> flush() {
    List<SymbolRow> ready = new ArrayList<>();
    pending.forEach(
        (symbol, queue) -> {
          while (!queue.isEmpty()) {
            Kline k = queue.pollFirst();
            add(symbol, state(symbol).update(k, referenceAt(k.openTime())), ready);
          }
        });
    return ready;
  }

  /** Candles waiting for the reference. */
  public int waiting() {
    return pending.values().stream().mapToInt(ArrayDeque::size).sum();
  }

  private void drain(String symbol, List<SymbolRow> ready) {
    ArrayDeque<Kline> queue = pending.get(symbol);
    while (!queue.isEmpty()) {
      Kline head = queue.peekFirst();
      boolean referenceKnown = referenceLatest >= head.openTime();
      boolean waitedEnough =
          interval.candlesBetween(head.openTime(), queue.peekLast().openTime()) >= maxReferenceLag;
      if (!referenceKnown && !waitedEnough) {
        return;
      }
      queue.pollFirst();
      add(symbol, state(symbol).update(head, referenceAt(head.openTime())), ready);
    }
  }

  /** The reference's log return at an open time it has reached; NaN if not yet, or at its gaps. */
  private double referenceAt(long openTime) {
    return referenceLatest >= openTime
        ? referenceReturns.getOrDefault(openTime, Double.NaN)
        : Double.NaN;
  }

  private static void add(String symbol, FeatureRow row, List<SymbolRow> ready) {
    if (row != null) {
      ready.add(new SymbolRow(symbol, row));
    }
  }

  private FeatureState state(String symbol) {
    return states.computeIfAbsent(
        symbol, s -> new FeatureState(interval, spec, s.equals(referenceSymbol)));
  }
}
