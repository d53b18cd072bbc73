package dev.cryptoanomaly.web;

import dev.cryptoanomaly.Messages;
import dev.cryptoanomaly.UserException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Long work started from the dashboard (downloads, training, evaluations, replays) runs here, off
 * the request threads, with progress and a log the pages follow. One job of a kind runs at a time:
 * two downloads into one store would only contend for its writer.
 */
public final class BackgroundJobs implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BackgroundJobs.class);
  private static final int LOG_LINES = 400;
  private static final int KEPT = 50;

  /** What a job does; it reports through its context and returns its result for the page. */
  @FunctionalInterface
  public interface Work {
    Map<String, Object> run(Progress progress) throws Exception;
  }

  /** How a job reports while it runs. */
  public interface Progress {
    /** Fraction done in [0, 1], or negative when unknown, with a short status. */
    void update(double fraction, String status);

    void log(String line);
  }

  public enum State {
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELLED;

    boolean finished() {
      return this != RUNNING;
    }
  }

  /** A job as the API shows it. */
  public record View(
      String id,
      String kind,
      String title,
      String state,
      double progress,
      String status,
      List<String> log,
      long started,
      Long ended,
      Map<String, Object> result,
      String error,
      long revision) {}

  private final Clock clock;
  private final ExecutorService executor;
  private final Map<String, Job> jobs = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();

  private final java.util.concurrent.atomic.AtomicLong ended =
      new java.util.concurrent.atomic.AtomicLong();

  public BackgroundJobs(Clock clock) {
    this.clock = clock;
    this.executor =
        Executors.newThreadPerTaskExecutor(Thread.ofPlatform().name("job-", 1).daemon().factory());
  }

  /**
   * Starts a job, or refuses with a one-line message when one of the same kind is still running.
   */
  public synchronized View submit(String kind, String title, Work work) {
    Optional<Job> running =
        jobs.values().stream().filter(j -> j.kind.equals(kind) && !j.state.finished()).findFirst();
    if (running.isPresent()) {
      throw new Busy(
          "a "
              + kind
              + " job is already running (job "
              + running.get().id
              + "); wait for it or cancel it first");
    }
    Job job = new Job(String.valueOf(ids.incrementAndGet()), kind, title, clock.millis());
    jobs.put(job.id, job);
    job.future = executor.submit(() -> execute(job, work));
    forgetOld();
    return job.view();
  }

  public Optional<View> get(String id) {
    return Optional.ofNullable(jobs.get(id)).map(Job::view);
  }

  /** Newest first. */
  /** The newest jobs of these kinds, as each page's job table shows them (at most five). */
  List<View> recent(String... kinds) {
    java.util.Set<String> wanted = java.util.Set.of(kinds);
    return list().stream().filter(j -> wanted.contains(j.kind())).limit(5).toList();
  }

  public List<View> list() {
    return jobs.values().stream()
        .sorted(Comparator.comparingLong((Job j) -> j.started).reversed())
        .map(Job::view)
        .toList();
  }

  /** Asks a running job to stop (by interrupting it); false when there is no such running job. */
  public boolean cancel(String id) {
    Job job = jobs.get(id);
    if (job == null || job.state.finished()) {
      return false;
    }
    job.cancelRequested = true;
    job.future.cancel(true);
    return true;
  }

  /** How many jobs have ended: what a job may have written shows once this changes. */
  public long ended() {
    return ended.get();
  }

  private void execute(Job job, Work work) {
    try {
      executeUncounted(job, work);
    } finally {
      ended.incrementAndGet();
    }
  }

  private void executeUncounted(Job job, Work work) {
    try {
      Map<String, Object> result = work.run(job);
      job.finish(
          job.cancelRequested ? State.CANCELLED : State.SUCCEEDED, result, null, clock.millis());
    } catch (UserException e) {
      job.finish(State.FAILED, Map.of(), FormMessages.of(e), clock.millis());
    } catch (InterruptedException e) {
      job.finish(State.CANCELLED, Map.of(), null, clock.millis());
    } catch (dev.cryptoanomaly.OperationalException e) {
      LOG.error("job {} ({}): {}", job.id, job.title, Messages.oneLine(e.getMessage()), e);
      job.finish(State.FAILED, Map.of(), Messages.oneLine(e.getMessage()), clock.millis());
    } catch (Exception | Error e) {
      LOG.error("job {} ({}) failed", job.id, job.title, e);
      job.finish(
          State.FAILED,
          Map.of(),
          "internal error: "
              + Messages.oneLine(String.valueOf(e.getMessage()))
              + " (see the server log)",
          clock.millis());
    }
  }

  private void forgetOld() {
    List<Job> finished =
        new ArrayList<>(jobs.values().stream().filter(j -> j.state.finished()).toList());
    finished.sort(Comparator.comparingLong(j -> j.started));
    for (int i = 0; i < finished.size() - KEPT; i++) {
      jobs.remove(finished.get(i).id);
    }
  }

  @Override
  public void close() {
    jobs.keySet().forEach(this::cancel);
    executor.shutdownNow();
  }

  /** A second job of a kind that is already running. */
  public static final class Busy extends UserException {
    Busy(String message) {
      super(message);
    }
  }

  private static final class Job implements Progress {
    final String id;
    final String kind;
    final String title;
    final long started;
    final ArrayDeque<String> log = new ArrayDeque<>();
    volatile State state = State.RUNNING;
    volatile boolean cancelRequested;
    Future<?> future;
    private double progress = -1;
    private String status = "starting";
    private Map<String, Object> result = Map.of();
    private String error;
    private Long ended;
    private long revision;

    Job(String id, String kind, String title, long started) {
      this.id = id;
      this.kind = kind;
      this.title = title;
      this.started = started;
    }

    @Override
    public synchronized void update(double fraction, String status) {
      this.progress = fraction < 0 ? -1 : Math.min(1, fraction);
      this.status = status;
      revision++;
    }

    @Override
    public synchronized void log(String line) {
      if (log.size() == LOG_LINES) {
        log.removeFirst();
      }
      log.addLast(line);
      revision++;
    }

    synchronized void finish(State s, Map<String, Object> r, String e, long at) {
      result = r == null ? Map.of() : new LinkedHashMap<>(r);
      error = e;
      ended = at;
      if (s == State.SUCCEEDED) {
        progress = 1;
        status = "done";
      } else {
        status = s == State.CANCELLED ? cancelledStatus() : "failed: " + e;
      }
      state = s;
      revision++;
    }

    /** A cancelled job says what it had stored, so nobody assumes it stored nothing. */
    private String cancelledStatus() {
      return result.get("rows") instanceof Number rows
          ? String.format(
              java.util.Locale.ROOT, "cancelled after storing %,d rows", rows.longValue())
          : "cancelled";
    }

    synchronized View view() {
      return new View(
          id,
          kind,
          title,
          state.name().toLowerCase(java.util.Locale.ROOT),
          progress,
          status,
          List.copyOf(log),
          started,
          ended,
          result,
          error,
          revision);
    }
  }
}
