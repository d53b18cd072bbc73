package dev.cryptoanomaly.web;

import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.store.Gap;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.store.SeriesCoverage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The store's coverage as the pages read it: at most once a second however many ask, so that fifty
 * clients at once share one read instead of queueing on the pages' one store connection (400
 * series: 72 requests/s and a 1.6 s p95 without it). A job of this dashboard that ends, or a
 * deleted series, clears it, so what they changed shows at once; writes by other processes show
 * within the second.
 */
final class CoverageCache {
  private static final long FRESH_NANOS = 1_000_000_000L;

  private final Supplier<KlineStore> store;
  private final LongSupplier generation;
  private Entry entry;

  /**
   * @param generation changes whenever this dashboard may have written the store (a job ended)
   */
  CoverageCache(Supplier<KlineStore> store, LongSupplier generation) {
    this.store = store;
    this.generation = generation;
  }

  private record Entry(
      long readAt, long generation, List<SeriesCoverage> rows, Map<SeriesKey, List<Gap>> gaps) {}

  synchronized List<SeriesCoverage> coverage() {
    return fresh().rows();
  }

  /** The gaps of a series as of the same read as {@link #coverage()}. */
  synchronized List<Gap> gaps(SeriesKey series) {
    return fresh().gaps().computeIfAbsent(series, s -> store.get().gaps(s));
  }

  synchronized void clear() {
    entry = null;
  }

  private Entry fresh() {
    long now = System.nanoTime();
    long g = generation.getAsLong();
    if (entry == null || now - entry.readAt() > FRESH_NANOS || entry.generation() != g) {
      entry = new Entry(now, g, store.get().coverage(), new HashMap<>());
    }
    return entry;
  }
}
