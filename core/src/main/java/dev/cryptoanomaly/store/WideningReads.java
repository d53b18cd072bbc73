package dev.cryptoanomaly.store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * Reads of stored items whose spans meet a span that grows from one read to the next (an incident
 * rebuild widening until nothing changes): each read queries only the edges it adds and answers
 * from what was read before. A rebuild in a busy market widened five to eight times, and reading
 * the whole span again each time was most of its cost.
 *
 * @param <T> the item, with a span of its own ({@code start} to {@code end}, inclusive)
 */
final class WideningReads<T> {
  /** The store's query for items whose span meets {@code [from, to]}. */
  interface Query<T> {
    List<T> meeting(long from, long to);
  }

  private final Query<T> query;
  private final Function<T, String> id;
  private final ToLongFunction<T> start;
  private final ToLongFunction<T> end;
  private final Comparator<T> order;
  private final Map<String, T> read = new HashMap<>();
  private boolean any;
  private long lo;
  private long hi;

  WideningReads(
      Query<T> query,
      Function<T, String> id,
      ToLongFunction<T> start,
      ToLongFunction<T> end,
      Comparator<T> order) {
    this.query = query;
    this.id = id;
    this.start = start;
    this.end = end;
    this.order = order;
  }

  /** The items whose span meets {@code [from, to]}, in the query's order. */
  List<T> meeting(long from, long to) {
    if (!any) {
      add(query.meeting(from, to));
      lo = from;
      hi = to;
      any = true;
    } else {
      if (from < lo) {
        add(query.meeting(from, lo - 1));
        lo = from;
      }
      if (to > hi) {
        add(query.meeting(hi + 1, to));
        hi = to;
      }
    }
    List<T> out = new ArrayList<>();
    for (T t : read.values()) {
      if (end.applyAsLong(t) >= from && start.applyAsLong(t) <= to) {
        out.add(t);
      }
    }
    out.sort(order);
    return out;
  }

  private void add(List<T> items) {
    for (T t : items) {
      read.putIfAbsent(id.apply(t), t);
    }
  }
}
