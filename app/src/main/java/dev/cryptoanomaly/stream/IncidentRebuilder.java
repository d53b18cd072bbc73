package dev.cryptoanomaly.stream;

import dev.cryptoanomaly.Messages;
import dev.cryptoanomaly.alert.Incident;
import dev.cryptoanomaly.alert.IncidentRule;
import dev.cryptoanomaly.model.registry.IncidentWatch;
import dev.cryptoanomaly.online.AlertSink;
import dev.cryptoanomaly.online.IncidentAnnouncements;
import dev.cryptoanomaly.online.IncidentAnnouncements.Span;
import dev.cryptoanomaly.online.LoadedModel;
import dev.cryptoanomaly.store.KlineStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last stage of a detection worker, on a thread of its own: rebuilds the incidents stored
 * batches touched, announces the new market-wide ones, then acknowledges the batches in the order
 * they were stored.
 *
 * <p>Why a stage of its own: a rebuild reads every alert of the span it widens to, tens of
 * milliseconds in a busy market of 2,000 symbols, where storing a batch's decisions takes a few. In
 * the writer it came before the next batch's store, so it set the latency from a candle to its
 * stored decision. Here it runs beside the writer, and the batches stored while one rebuild runs
 * are rebuilt together over the union of their spans (rebuilding is idempotent), at most once every
 * {@link #INTERVAL} while batches keep coming; an idle worker's last batches are rebuilt at once.
 *
 * <p>Nothing is acknowledged before the rebuild covering it, so a crash hands those batches out
 * again (the worker reschedules the spans of alerts it sees again). After a failure the batches not
 * acknowledged are dropped until the worker has recovered: the bus hands them out again.
 */
final class IncidentRebuilder implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IncidentRebuilder.class);

  /** Least time between the starts of two rebuilds while stored batches keep arriving. */
  static final Duration INTERVAL = Duration.ofMillis(100);

  /** Most stored batches waiting; the writer waits beyond (a rebuild far slower than storing). */
  private static final int MAX_WAITING = 64;

  /** A batch whose decisions are stored, with the spans its alert groups touched. */
  record Stored(List<Delivery> batch, Map<LoadedModel, Span> spans, long handled) {}

  private final KlineStore store;
  private final CandleBus.Subscription bus;
  private final List<AlertSink> sinks;
  private final Function<LoadedModel, IncidentWatch> watches;
  private final IncidentRule rule;
  private final Clock clock;
  private final WorkerStats stats;
  private final Thread thread;

  private final Object lock = new Object();
  private final ArrayDeque<Stored> waiting = new ArrayDeque<>(); // guarded by lock
  private final Map<LoadedModel, Span> spans = new LinkedHashMap<>(); // guarded by lock
  private boolean busy; // guarded by lock
  private boolean hurry; // guarded by lock
  private boolean closing; // guarded by lock
  private RuntimeException failure; // guarded by lock; set until the worker recovered
  private boolean failed; // guarded by lock: batches are dropped until recover()
  private long lastStart = Long.MIN_VALUE / 2;

  IncidentRebuilder(
      KlineStore store,
      CandleBus.Subscription bus,
      List<AlertSink> sinks,
      Function<LoadedModel, IncidentWatch> watches,
      IncidentRule rule,
      Clock clock,
      WorkerStats stats) {
    this.store = store;
    this.bus = bus;
    this.sinks = sinks;
    this.watches = watches;
    this.rule = rule;
    this.clock = clock;
    this.stats = stats;
    this.thread = Thread.ofPlatform().daemon().name("incident-rebuilder").unstarted(this::loop);
  }

  /** Starts the stage's thread (the worker's loop does, so a worker never run holds none). */
  void start() {
    thread.start();
  }

  /** Hands over a stored batch; waits while too many are waiting already. */
  void submit(Stored stored) throws InterruptedException {
    synchronized (lock) {
      while (waiting.size() >= MAX_WAITING && !failed && !closing) {
        lock.wait();
      }
      if (failed) {
        return; // the bus hands it out again once the worker has recovered
      }
      waiting.add(stored);
      lock.notifyAll();
    }
  }

  /** The worker found nothing to read: what waits is rebuilt without waiting for the interval. */
  void hurry() {
    synchronized (lock) {
      if (!waiting.isEmpty()) {
        hurry = true;
        lock.notifyAll();
      }
    }
  }

  /** Throws the failure of a rebuild or an acknowledgement, once, in the worker's loop. */
  void throwIfFailed() {
    synchronized (lock) {
      RuntimeException f = failure;
      failure = null;
      if (f != null) {
        throw f;
      }
    }
  }

  /**
   * Waits for the rebuild under way and forgets the batches not acknowledged (the bus hands them
   * out again); the spans not yet rebuilt are kept, so their incidents are built with the next.
   */
  void recover() throws InterruptedException {
    synchronized (lock) {
      failed = true;
      dropWaiting();
      while (busy) {
        lock.wait();
      }
      failed = false;
      failure = null;
      lock.notifyAll();
    }
  }

  /** Rebuilds and acknowledges what waits, then stops. */
  @Override
  public void close() {
    synchronized (lock) {
      closing = true;
      lock.notifyAll();
    }
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Forgets the waiting batches (holding the lock), keeping their spans for the next rebuild. */
  private void dropWaiting() {
    waiting.forEach(s -> Span.joinAll(spans, s.spans()));
    waiting.clear();
  }

  private void loop() {
    while (true) {
      List<Stored> taken;
      Map<LoadedModel, Span> toRebuild;
      synchronized (lock) {
        try {
          taken = take();
        } catch (InterruptedException e) {
          return;
        }
        if (taken == null) {
          return;
        }
        taken.forEach(s -> Span.joinAll(spans, s.spans()));
        toRebuild = Map.copyOf(spans);
        busy = true;
      }
      try {
        run(taken, toRebuild);
      } catch (RuntimeException | Error e) {
        // An Error too: the thread must live on, or the writer would wait on it for good once
        // the bound of batches waiting is reached. The worker's loop retries, as for a write.
        LOG.warn("rebuilding incidents failed: {}", Messages.rootMessage(e));
        synchronized (lock) {
          failure = e instanceof RuntimeException r ? r : new IllegalStateException(e);
          failed = true;
          dropWaiting();
        }
      } finally {
        synchronized (lock) {
          busy = false;
          lock.notifyAll();
        }
      }
    }
  }

  /** Waits for batches and the interval (holding the lock); null once closing with none left. */
  private List<Stored> take() throws InterruptedException {
    while (true) {
      if (!waiting.isEmpty() && !failed) {
        long wait = lastStart + INTERVAL.toNanos() - System.nanoTime();
        if (wait <= 0 || hurry || closing) {
          hurry = false;
          List<Stored> taken = new ArrayList<>(waiting);
          waiting.clear();
          lock.notifyAll();
          return taken;
        }
        lock.wait(Math.max(1, wait / 1_000_000));
      } else if (closing) {
        return null;
      } else {
        lock.wait();
      }
    }
  }

  /**
   * Rebuilds the spans of the batches taken (and any a failure left), announces, then acknowledges
   * the batches.
   */
  private void run(List<Stored> taken, Map<LoadedModel, Span> toRebuild) {
    lastStart = System.nanoTime();
    if (!toRebuild.isEmpty()) {
      Map<String, Incident> fresh =
          IncidentAnnouncements.rebuildSpans(store, toRebuild, watches, rule, clock.millis());
      if (!fresh.isEmpty()) {
        List<Incident> incidents = List.copyOf(fresh.values());
        for (AlertSink sink : sinks) {
          sink.publishIncidents(incidents);
        }
        store.markAnnounced(fresh.keySet(), clock.millis());
      }
      synchronized (lock) { // spans widened meanwhile (a recovery's) stay for the next rebuild
        toRebuild.forEach(spans::remove);
      }
    }
    List<Delivery> batches = new ArrayList<>();
    long handled = 0;
    for (Stored s : taken) {
      batches.addAll(s.batch());
      handled += s.handled();
    }
    bus.ack(batches);
    stats.ackNanos.add(System.nanoTime() - lastStart);
    stats.handled.add(handled);
  }
}
