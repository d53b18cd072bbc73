package dev.cryptoanomaly.stream;

import dev.cryptoanomaly.online.CandleEvent;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The embedded default: a bounded queue between a source and one worker in the same process.
 * Publishing blocks while the queue is full, so a fast replay cannot outrun the worker's memory.
 */
public final class InProcessBus implements CandleBus {
  private final BlockingQueue<CandleEvent> queue;
  private long sequence;

  public InProcessBus(int capacity) {
    this.queue = new LinkedBlockingQueue<>(capacity);
  }

  public InProcessBus() {
    this(1 << 20);
  }

  @Override
  public void publish(List<CandleEvent> events) {
    try {
      for (CandleEvent e : events) {
        queue.put(e);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while publishing", e);
    }
  }

  @Override
  public Subscription subscribe(String consumer) {
    return new Subscription() {
      // The worker's loop polls and recovers; its writer thread acknowledges.
      private final Object lock = new Object();
      private final Map<String, Delivery> unacked = new LinkedHashMap<>();
      private final ArrayDeque<Delivery> redeliver = new ArrayDeque<>();

      @Override
      public List<Delivery> poll(int max, Duration maxWait) throws InterruptedException {
        List<Delivery> out = new ArrayList<>();
        synchronized (lock) {
          while (!redeliver.isEmpty() && out.size() < max) {
            out.add(redeliver.pollFirst());
          }
        }
        if (out.isEmpty()) {
          CandleEvent first = queue.poll(maxWait.toNanos(), TimeUnit.NANOSECONDS);
          if (first == null) {
            return out;
          }
          out.add(delivery(first));
          List<CandleEvent> more = new ArrayList<>();
          queue.drainTo(more, max - 1);
          more.forEach(e -> out.add(delivery(e)));
        }
        synchronized (lock) {
          out.forEach(d -> unacked.put(d.id(), d));
        }
        return out;
      }

      private Delivery delivery(CandleEvent e) {
        return new Delivery("in-process", Long.toString(++sequence), List.of(e), null);
      }

      @Override
      public void ack(List<Delivery> done) {
        synchronized (lock) {
          done.forEach(d -> unacked.remove(d.id()));
        }
      }

      @Override
      public void recover() {
        synchronized (lock) {
          redeliver.addAll(unacked.values());
          unacked.clear();
        }
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public String describe() {
    return "in-process queue";
  }

  @Override
  public void close() {}
}
