package dev.cryptoanomaly.binance;

import dev.cryptoanomaly.kline.Kline;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.store.Provenance;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Collects klines from data.binance.vision into the store: monthly files for whole past months
 * (falling back to daily files while a month is not yet published), daily files for the other past
 * days, then REST for the recent days the archive has not published yet and for today. Files
 * download in parallel; one thread writes, each file in its own transaction with its ledger entry,
 * so an interrupted run resumes where it stopped and a second run stores nothing twice.
 */
public final class ArchiveCollector {
  /** Trailing unpublished days younger than this are filled from REST instead of being gaps. */
  static final int REST_TOP_UP_DAYS = 3;

  private final KlineStore store;
  private final HttpFetcher http;
  private final ArchiveDownloader downloader;
  private final RestKlinesClient rest;
  private final Clock clock;
  private final int parallelism;

  public ArchiveCollector(
      KlineStore store,
      HttpFetcher http,
      URI archiveBase,
      URI apiBase,
      Path downloads,
      Clock clock,
      int parallelism) {
    this.store = store;
    this.http = http;
    this.downloader = new ArchiveDownloader(http, archiveBase, downloads);
    this.rest = new RestKlinesClient(http, apiBase);
    this.clock = clock;
    this.parallelism = Math.max(1, parallelism);
  }

  /**
   * A collector for the configured archive and REST addresses, downloading into the data folder.
   */
  public static ArchiveCollector forSettings(
      dev.cryptoanomaly.config.Settings settings, KlineStore store, Clock clock, int parallelism) {
    return new ArchiveCollector(
        store,
        new HttpFetcher(),
        settings.archiveUrl(),
        settings.apiUrl(),
        settings.home().resolve("downloads"),
        clock,
        parallelism);
  }

  /**
   * Collects what the request asks for. Every file ends with an outcome: a file whose server keeps
   * failing is reported and left for the next run while the others go on. An interrupted thread (a
   * cancelled job) stops before the next file and the report says what was stored by then.
   *
   * @throws HttpFetcher.UnreachableException when no file could be fetched at all (the archive is
   *     down or the address wrong), so that one line says so instead of one per file
   */
  public CollectReport collect(CollectRequest request, Progress progress) {
    LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
    Map<String, Tally> tallies = new LinkedHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(parallelism);
    http.onRetry(progress::waiting);
    boolean cancelled = false;
    int answered = 0;
    int failed = 0;
    int planned = 0;
    HttpFetcher.UnreachableException firstFailure = null;
    try {
      CompletionService<ArchiveDownloader.Fetched> done = new ExecutorCompletionService<>(pool);
      int pending = 0;
      for (String symbol : request.symbols()) {
        SeriesKey series = new SeriesKey(request.market(), symbol, request.interval());
        tallies.put(symbol, new Tally(series));
        for (ArchiveFile f : plan(series, request.start(symbol), request.end(symbol), today)) {
          submit(done, f);
          pending++;
        }
      }
      progress.filesPlanned(pending);
      planned = pending;
      while (pending > 0) {
        if (Thread.currentThread().isInterrupted()) {
          cancelled = true;
          break;
        }
        ArchiveDownloader.Fetched fetched;
        try {
          fetched = take(done);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          cancelled = true;
          break;
        }
        pending--;
        if (fetched.failure() == null) {
          answered++;
        } else {
          failed++;
          if (firstFailure == null) {
            firstFailure = fetched.failure();
          }
          // The first wave of files all failing, with none answered, is an archive that is down
          // or a wrong address: say so now rather than after every planned file has retried.
          if (answered == 0 && failed >= Math.min(parallelism, planned)) {
            break;
          }
        }
        Tally tally = tallies.get(fetched.file().series().symbol());
        List<ArchiveFile> fallback = store(fetched, tally, today, request);
        for (ArchiveFile f : fallback) {
          submit(done, f);
          pending++;
        }
        progress.filesPlanned(fallback.size());
        progress.fileDone(fetched.bytes(), fetched.skipped() ? 0 : rows(fetched));
      }
    } finally {
      pool.shutdownNow();
      http.onRetry(null);
    }
    if (answered == 0 && firstFailure != null && !cancelled) {
      progress.finished();
      throw firstFailure;
    }
    List<CollectReport.SymbolReport> reports = new ArrayList<>();
    for (Tally tally : tallies.values()) {
      if (!cancelled) {
        try {
          topUp(tally, request, today);
        } catch (dev.cryptoanomaly.UserException e) {
          tally.errors.add(e.getMessage());
        }
      }
      reports.add(tally.report(store, request, cancelled));
    }
    progress.finished();
    return new CollectReport(reports, cancelled);
  }

  /** Monthly files for whole ended months inside the range, daily files for the other past days. */
  static List<ArchiveFile> plan(SeriesKey series, LocalDate start, LocalDate end, LocalDate today) {
    List<ArchiveFile> files = new ArrayList<>();
    LocalDate lastArchiveDay = end.isBefore(today) ? end : today.minusDays(1);
    YearMonth month = YearMonth.from(start);
    while (!month.atDay(1).isAfter(lastArchiveDay)) {
      LocalDate first = month.atDay(1);
      LocalDate last = month.atEndOfMonth();
      boolean whole = !first.isBefore(start) && !last.isAfter(lastArchiveDay);
      if (whole || !series.interval().hasDailyFiles()) {
        if (last.isBefore(today)) {
          files.add(ArchiveFile.monthly(series, month));
        }
      } else {
        LocalDate from = first.isBefore(start) ? start : first;
        LocalDate to = last.isAfter(lastArchiveDay) ? lastArchiveDay : last;
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
          files.add(ArchiveFile.daily(series, d));
        }
      }
      month = month.plusMonths(1);
    }
    return files;
  }

  private void submit(CompletionService<ArchiveDownloader.Fetched> done, ArchiveFile file) {
    var known = store.provenance(file.path());
    done.submit(() -> downloader.fetch(file, known));
  }

  private static ArchiveDownloader.Fetched take(CompletionService<ArchiveDownloader.Fetched> done)
      throws InterruptedException {
    try {
      Future<ArchiveDownloader.Fetched> f = done.take();
      return f.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  private static long rows(ArchiveDownloader.Fetched f) {
    return f.parsed() == null ? 0 : f.parsed().klines().size();
  }

  /** Writes one fetched file with its ledger entry; returns fallback daily files, if any. */
  private List<ArchiveFile> store(
      ArchiveDownloader.Fetched f, Tally tally, LocalDate today, CollectRequest request) {
    ArchiveFile file = f.file();
    long now = clock.millis();
    if (f.failure() != null) {
      tally.errors.add(
          file.path()
              + ": "
              + f.failure().getMessage()
              + "; nothing from it was stored, the next run tries it again");
      return List.of();
    }
    if (f.skipped()) {
      tally.filesSkipped++;
      tally.archiveDays(file);
      return List.of();
    }
    switch (f.status()) {
      case OK -> {
        List<Kline> klines = f.parsed().klines();
        long gaps = expectedCandles(file) - klines.size();
        Provenance p =
            new Provenance(
                file.path(),
                Provenance.Kind.ARCHIVE,
                file.series(),
                file.startMillis(),
                file.endMillis(),
                Provenance.Status.OK,
                f.checksum(),
                klines.size(),
                f.parsed().badRows().size(),
                Math.max(0, gaps),
                badRowSummary(f.parsed().badRows()),
                now);
        store.write(file.series(), klines, p);
        tally.filesStored++;
        tally.archiveRows += klines.size();
        tally.badRows.addAll(f.parsed().badRows());
        tally.archiveDays(file);
        return List.of();
      }
      case ABSENT -> {
        if (file.monthly() && file.series().interval().hasDailyFiles()) {
          // Monthly files appear days after the month ends; its daily files may already exist.
          List<ArchiveFile> days = new ArrayList<>();
          for (LocalDate d = file.day(); !d.isAfter(file.lastDay()); d = d.plusDays(1)) {
            String symbol = file.series().symbol();
            if (!d.isBefore(request.start(symbol))
                && !d.isAfter(request.end(symbol))
                && d.isBefore(today)) {
              days.add(ArchiveFile.daily(file.series(), d));
            }
          }
          return days;
        }
        store.record(ledger(file, Provenance.Status.ABSENT, null, f.detail(), now));
        tally.absent.add(file);
        return List.of();
      }
      default -> {
        store.record(ledger(file, f.status(), f.checksum(), f.detail(), now));
        tally.errors.add(file.path() + ": " + f.detail() + "; nothing from it was stored");
        return List.of();
      }
    }
  }

  private static long expectedCandles(ArchiveFile file) {
    var interval = file.series().interval();
    return interval.candlesBetween(interval.firstOpenOn(file.day()), file.endMillis());
  }

  private static String badRowSummary(List<BadRow> bad) {
    if (bad.isEmpty()) {
      return null;
    }
    StringBuilder sb = new StringBuilder(bad.size() + " bad rows, first: ");
    bad.stream()
        .limit(3)
        .forEach(
            b -> sb.append("line ").append(b.line()).append(" ").append(b.reason()).append("; "));
    return sb.toString();
  }

  private static Provenance ledger(
      ArchiveFile file, Provenance.Status status, String checksum, String detail, long now) {
    return new Provenance(
        file.path(),
        Provenance.Kind.ARCHIVE,
        file.series(),
        file.startMillis(),
        file.endMillis(),
        status,
        checksum,
        0,
        0,
        0,
        detail,
        now);
  }

  /**
   * Fills the tail from REST: the trailing run of unpublished days when it is recent, and today.
   * Older unpublished days stay recorded gaps.
   */
  private void topUp(Tally tally, CollectRequest request, LocalDate today) {
    LocalDate from = null;
    LocalDate first = request.start(tally.series.symbol());
    LocalDate last = request.end(tally.series.symbol());
    List<ArchiveFile> trailing =
        tally.trailingAbsentDays(last.isBefore(today) ? last : today.minusDays(1));
    if (!trailing.isEmpty() && !trailing.get(0).day().isBefore(today.minusDays(REST_TOP_UP_DAYS))) {
      from = trailing.get(0).day();
      tally.absent.removeAll(trailing);
    }
    if (!last.isBefore(today) && from == null) {
      from = first.isAfter(today) ? first : today;
    }
    if (from == null) {
      return;
    }
    SeriesKey series = tally.series;
    long start = series.interval().firstOpenOn(from);
    long end =
        Math.min(
            clock.millis(),
            last.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli());
    if (end <= start) {
      return;
    }
    long now = clock.millis();
    List<Kline> klines = rest.closedKlines(series, start, end, now);
    if (klines.isEmpty()) {
      return;
    }
    long lastOpen = klines.get(klines.size() - 1).openTime();
    Provenance p =
        new Provenance(
            "rest:"
                + series.market()
                + ":"
                + series.symbol()
                + ":"
                + series.interval()
                + ":"
                + start,
            Provenance.Kind.REST,
            series,
            start,
            series.interval().next(lastOpen),
            Provenance.Status.OK,
            null,
            klines.size(),
            0,
            Math.max(
                0,
                series.interval().candlesBetween(start, series.interval().next(lastOpen))
                    - klines.size()),
            "REST top-up up to " + java.time.Instant.ofEpochMilli(lastOpen),
            now);
    store.write(series, klines, p);
    tally.restRows += klines.size();
  }

  /** Running totals for one symbol. */
  private static final class Tally {
    final SeriesKey series;
    int filesStored;
    int filesSkipped;
    long archiveRows;
    long restRows;
    final List<ArchiveFile> absent = new ArrayList<>();
    final List<BadRow> badRows = new ArrayList<>();
    final List<String> errors = new ArrayList<>();
    LocalDate lastArchiveDay;

    Tally(SeriesKey series) {
      this.series = series;
    }

    void archiveDays(ArchiveFile file) {
      if (lastArchiveDay == null || file.lastDay().isAfter(lastArchiveDay)) {
        lastArchiveDay = file.lastDay();
      }
    }

    /** Unpublished daily files after the last published one, ending at {@code lastDay}. */
    List<ArchiveFile> trailingAbsentDays(LocalDate lastDay) {
      List<ArchiveFile> days = new ArrayList<>();
      for (ArchiveFile f : absent) {
        if (!f.monthly()
            && (lastArchiveDay == null || f.day().isAfter(lastArchiveDay))
            && !f.day().isAfter(lastDay)) {
          days.add(f);
        }
      }
      days.sort(java.util.Comparator.comparing(ArchiveFile::day));
      return days;
    }

    CollectReport.SymbolReport report(KlineStore store, CollectRequest request, boolean cancelled) {
      List<String> errs = new ArrayList<>(errors);
      if (!cancelled && filesStored == 0 && filesSkipped == 0 && restRows == 0 && errs.isEmpty()) {
        errs.add(
            "no klines found for "
                + series
                + " between "
                + request.start(series.symbol())
                + " and "
                + request.end(series.symbol())
                + ": the archive has no files for it (is the symbol listed on this market?)");
      }
      List<String> notPublished = absent.stream().map(ArchiveFile::path).sorted().toList();
      return new CollectReport.SymbolReport(
          series.symbol(),
          filesStored,
          filesSkipped,
          notPublished,
          archiveRows,
          restRows,
          List.copyOf(badRows),
          errs);
    }
  }
}
