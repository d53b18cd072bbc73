package dev.cryptoanomaly.cli;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Work over many series on every core, handed back in the order asked: at most two tasks per core
 * are ahead of the one being consumed, so memory holds a few series' results, never all of them,
 * and output stays the same from run to run. A task's failure is rethrown as it was, so a user's
 * mistake stays one line.
 */
final class InOrder {
  static final int THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());

  private InOrder() {}

  static <T, R> void run(List<T> tasks, Function<T, R> work, Consumer<R> consume) {
    try (ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
      ArrayDeque<Future<R>> ahead = new ArrayDeque<>();
      int next = 0;
      while (next < tasks.size() || !ahead.isEmpty()) {
        while (next < tasks.size() && ahead.size() < 2 * THREADS) {
          T task = tasks.get(next++);
          ahead.add(pool.submit(() -> work.apply(task)));
        }
        consume.accept(join(ahead.poll()));
      }
    }
  }

  private static <R> R join(Future<R> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while working through the series", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    }
  }
}
