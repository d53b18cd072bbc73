package dev.cryptoanomaly.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Reads over a widening span answer what one query over the whole span would, in its order, and
 * query each stretch of time once.
 */
class WideningReadsProperties {
  record Item(String id, long start, long end) {}

  @Property(tries = 200)
  void answersAsAQueryOfTheWholeSpan(
      @ForAll @IntRange(min = 0, max = 300) int items,
      @ForAll @IntRange(min = 1, max = 10) int widenings,
      @ForAll long seed) {
    Random random = new Random(seed);
    List<Item> stored = new ArrayList<>();
    for (int i = 0; i < items; i++) {
      long start = random.nextInt(10_000);
      stored.add(new Item("i" + i, start, start + random.nextInt(i % 3 == 0 ? 2_000 : 50)));
    }
    Comparator<Item> order = Comparator.comparingLong(Item::start).thenComparing(Item::id);
    List<long[]> queried = new ArrayList<>();
    WideningReads<Item> reads =
        new WideningReads<>(
            (from, to) -> {
              queried.add(new long[] {from, to});
              return meeting(stored, from, to, order);
            },
            Item::id,
            Item::start,
            Item::end,
            order);
    long lo = 4_000 + random.nextInt(2_000);
    long hi = lo + random.nextInt(100);
    for (int w = 0; w < widenings; w++) {
      assertThat(reads.meeting(lo, hi)).isEqualTo(meeting(stored, lo, hi, order));
      lo -= random.nextInt(3) == 0 ? 0 : random.nextInt(1_500);
      hi += random.nextInt(3) == 0 ? 0 : random.nextInt(1_500);
    }
    for (int a = 0; a < queried.size(); a++) {
      for (int b = a + 1; b < queried.size(); b++) {
        long[] x = queried.get(a);
        long[] y = queried.get(b);
        assertThat(x[1] < y[0] || y[1] < x[0]).as("stretches queried twice").isTrue();
      }
    }
  }

  private static List<Item> meeting(List<Item> items, long from, long to, Comparator<Item> order) {
    return items.stream().filter(i -> i.end() >= from && i.start() <= to).sorted(order).toList();
  }
}
