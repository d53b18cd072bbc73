package dev.cryptoanomaly.web;

import dev.cryptoanomaly.UserException;
import dev.cryptoanomaly.binance.ArchiveCollector;
import dev.cryptoanomaly.binance.CollectReport;
import dev.cryptoanomaly.binance.CollectRequest;
import dev.cryptoanomaly.binance.IncrementalUpdate;
import dev.cryptoanomaly.binance.KlineFileImporter;
import dev.cryptoanomaly.binance.Progress;
import dev.cryptoanomaly.kline.DateRange;
import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Market;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.kline.Symbols;
import dev.cryptoanomaly.simulate.SyntheticCollector;
import dev.cryptoanomaly.store.KlineStore;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Data Management: the coverage table with its gaps, and downloads and updates that run as
 * background jobs through the same collector as {@code collect} and {@code update}.
 */
final class DataPage {
  static final String DOWNLOAD = "download";
  static final int GAPS_DRAWN = 500;
  private final Dashboard d;

  DataPage(Dashboard d) {
    this.d = d;
  }

  Map<String, Object> model() {
    PageModel p = new PageModel();
    Map<String, Object> defaults = new LinkedHashMap<>();
    defaults.put("symbols", String.join(",", Symbols.DEFAULTS));
    defaults.put("days", 365);
    defaults.put("interval", "1m");
    defaults.put("market", "spot");
    defaults.put("source", "binance");
    p.put("defaults", defaults);
    p.put("intervals", Arrays.stream(Interval.values()).map(Interval::archiveName).toList());
    p.put("archive", dev.cryptoanomaly.config.Redaction.url(d.settings.archiveUrl()));
    // Gaps for the timeline: narrower than a pixel beyond a few hundred per series anyway.
    List<Map<String, Object>> coverage =
        p.section("coverage", () -> d.coverage(GAPS_DRAWN), List.of());
    p.put("deletable", true);
    if (coverage.isEmpty()) {
      p.hint("The store is empty: choose symbols and days, then Start Download.");
    }
    p.put("jobs", d.jobs.recent(DOWNLOAD));
    return p.toMap();
  }

  BackgroundJobs.View startDownload(Fields f) {
    List<String> symbols = f.symbols("symbols", Symbols.DEFAULTS);
    Interval interval = f.parsed("interval", "1m", Interval::parse);
    Market market = f.parsed("market", "spot", Market::parse);
    String source = f.text("source", "binance").toLowerCase(Locale.ROOT);
    LocalDate today = LocalDate.now(d.clock.withZone(ZoneOffset.UTC));
    // A start date wins over the form's default number of days.
    Integer days = f.has("start") ? null : f.integer("days", null, 1, 20_000);
    DateRange range = DateRange.resolve(null, days, f.date("start"), f.date("end"), today, 365);
    String title =
        "download "
            + String.join(",", symbols)
            + " "
            + interval.archiveName()
            + " "
            + range.start()
            + " to "
            + range.end()
            + " ("
            + source
            + ")";
    return switch (source) {
      case "binance" -> {
        CollectRequest request =
            new CollectRequest(market, symbols, interval, range.start(), range.end());
        yield d.jobs.submit(DOWNLOAD, title, progress -> collect(List.of(request), progress));
      }
      case "synthetic" -> {
        if (interval != Interval.M1 || market != Market.SPOT) {
          throw new UserException(
              "the simulator makes spot 1m candles; choose interval 1m and spot");
        }
        yield d.jobs.submit(DOWNLOAD, title, progress -> simulate(symbols, range, progress));
      }
      default -> throw new UserException("field 'source' must be binance or synthetic");
    };
  }

  /**
   * Imports kline files already on the dashboard's machine, through the same importer as {@code
   * import}: a folder is searched recursively, checksums beside zips are verified.
   */
  BackgroundJobs.View startImport(Fields f) {
    Path path = f.existingPath("path");
    String marketName = f.text("market", "auto");
    Optional<Market> market =
        marketName.equals("auto")
            ? Optional.empty()
            : Optional.of(f.parsed("market", null, Market::parse));
    String title = "import " + path + (market.isPresent() ? " as " + marketName : "");
    return d.jobs.submit(DOWNLOAD, title, progress -> importFiles(path, market, progress, false));
  }

  /**
   * Imports kline files sent from the browser: kept under the data home while the same importer as
   * {@link #startImport} reads them, removed when it ends, whatever the outcome.
   */
  BackgroundJobs.View startUpload(List<io.javalin.http.UploadedFile> files, String marketName) {
    Market market =
        marketName == null || marketName.isBlank()
            ? Market.SPOT
            : Fields.inField("market", () -> Market.parse(marketName));
    Path folder = KlineUpload.save(uploads(d.settings.home()), files);
    String title =
        "import "
            + files.size()
            + (files.size() == 1 ? " uploaded file" : " uploaded files")
            + " as "
            + market.cliName();
    try {
      return d.jobs.submit(
          DOWNLOAD,
          title,
          progress -> {
            try {
              return importFiles(folder, Optional.of(market), progress, true);
            } finally {
              KlineUpload.remove(folder);
            }
          });
    } catch (RuntimeException e) {
      KlineUpload.remove(folder);
      throw e;
    }
  }

  /** Where uploads wait for their import. */
  static Path uploads(Path home) {
    return home.resolve("uploads");
  }

  /**
   * {@code uploaded}: the log names files as the analyst chose them, not the folder they wait in.
   */
  private Map<String, Object> importFiles(
      Path path, Optional<Market> market, BackgroundJobs.Progress job, boolean uploaded) {
    Progress progress = new FileProgress(job);
    KlineFileImporter.ImportReport report;
    try (KlineStore store = d.openStore()) {
      report = new KlineFileImporter(store, d.clock, 2).importPath(path, market, progress);
    }
    job.log(
        String.format(
            Locale.ROOT,
            "imported %,d rows from %d files (%d failed, %d other files ignored)",
            report.rows(),
            report.files().size() - report.failures().size(),
            report.failures().size(),
            report.ignored().size()));
    report.badRows().stream().limit(10).forEach(b -> job.log("  bad row (not stored): " + b));
    String folder = path + java.io.File.separator;
    report
        .failures()
        .forEach(
            fail ->
                job.log(
                    "  error: " + (uploaded ? fail.detail().replace(folder, "") : fail.detail())));
    if (report.files().isEmpty()) {
      throw new UserException(
          "no kline files under "
              + path
              + " (names such as BTCUSDT-5m-2024-05.zip or BTCUSDT-1m-2024-05-01.csv)");
    }
    if (!report.failures().isEmpty()) {
      throw new UserException(
          report.failures().size() + " files could not be stored (see the log); the others were");
    }
    return Map.of("rows", report.rows(), "files", report.files().size());
  }

  /**
   * Deletes one series when the caller confirms the number of candles it saw: a confirmation made
   * before another import added to the series does not delete what the user never saw.
   */
  Map<String, Object> deleteSeries(Fields f) {
    for (String field : List.of("market", "symbol", "interval", "rows")) {
      if (!f.has(field)) {
        throw new UserException("field '" + field + "' is required to delete a series");
      }
    }
    SeriesKey series =
        new SeriesKey(
            f.parsed("market", null, Market::parse),
            f.symbols("symbol", null).getFirst(),
            f.parsed("interval", null, Interval::parse));
    long confirmed = f.integer("rows", null, 1, Integer.MAX_VALUE);
    try (KlineStore store = d.openStore()) {
      long held = store.count(series);
      if (held == 0) {
        throw new UserException("the store holds no candles of " + series);
      }
      if (held != confirmed) {
        throw new UserException(
            String.format(
                Locale.ROOT,
                "field 'rows': %s now holds %,d candles, not %,d; reload and confirm again",
                series,
                held,
                confirmed));
      }
      long deleted = store.deleteSeries(series);
      d.coverage.clear();
      return Map.of("series", series.toString(), "deleted", deleted);
    }
  }

  BackgroundJobs.View startUpdate() {
    return d.jobs.submit(
        DOWNLOAD,
        "update every stored series",
        progress -> {
          LocalDate today = LocalDate.now(d.clock.withZone(ZoneOffset.UTC));
          List<CollectRequest> requests;
          try (KlineStore store = d.openStore()) {
            if (store.series().isEmpty()) {
              throw new UserException(
                  "nothing to update: the store is empty; start a download first");
            }
            requests = IncrementalUpdate.requests(store, store.series(), today, progress::log);
          }
          return collect(requests, progress);
        });
  }

  private Map<String, Object> collect(List<CollectRequest> requests, BackgroundJobs.Progress job)
      throws InterruptedException {
    Progress progress = new FileProgress(job);
    long total = 0;
    boolean errors = false;
    try (KlineStore store = d.openStore()) {
      ArchiveCollector collector = ArchiveCollector.forSettings(d.settings, store, d.clock, 8);
      for (CollectRequest request : requests) {
        if (Thread.currentThread().isInterrupted()) {
          job.log(String.format(Locale.ROOT, "cancelled after storing %,d rows", total));
          return Map.of("rows", total);
        }
        job.log(
            "collecting "
                + request.symbols()
                + " "
                + request.interval().archiveName()
                + " "
                + request.start()
                + " to "
                + request.end()
                + " from "
                + dev.cryptoanomaly.config.Redaction.url(d.settings.archiveUrl()));
        CollectReport report = collector.collect(request, progress);
        total += report.rows();
        for (CollectReport.SymbolReport s : report.symbols()) {
          job.log(s.symbol() + ": " + s.summary());
          s.notPublished().stream().limit(10).forEach(n -> job.log("  gap (not published): " + n));
          s.badRows().stream().limit(10).forEach(b -> job.log("  bad row: " + b));
          s.errors().forEach(e -> job.log("  error: " + e));
        }
        errors |= report.hasErrors();
        if (report.cancelled()) {
          job.log(String.format(Locale.ROOT, "cancelled after storing %,d rows", total));
          return Map.of("rows", total);
        }
      }
    }
    job.log(String.format(Locale.ROOT, "stored %,d rows", total));
    if (errors) {
      throw new UserException(
          "some files could not be stored (see the log); the others were stored");
    }
    return Map.of("rows", total);
  }

  private Map<String, Object> simulate(
      List<String> symbols, DateRange range, BackgroundJobs.Progress job) {
    long from = range.fromMillis();
    long to = Math.min(d.clock.millis(), range.toMillis());
    int minutes = (int) ((to - from) / 60_000L);
    if (minutes <= 0) {
      throw new UserException("nothing to simulate between " + range.start() + " and now");
    }
    Path labels = d.settings.home().resolve("labels/synthetic-42.csv");
    job.update(-1, "simulating " + minutes + " minutes for " + symbols.size() + " symbols");
    try (KlineStore store = d.openStore()) {
      SyntheticCollector.Collected collected =
          new SyntheticCollector(store)
              .collect(
                  symbols,
                  Instant.ofEpochMilli(from),
                  minutes,
                  42,
                  labels,
                  d.clock.millis(),
                  (stored, all) ->
                      job.update(
                          stored / (double) all,
                          String.format(Locale.ROOT, "stored %,d of %,d candles", stored, all)));
      long rows = collected.rows();
      job.log(
          String.format(
              Locale.ROOT,
              "%s %,d 1m candles for %d symbols (seed 42); %d labelled anomalies in %s",
              collected.cancelled() ? "cancelled after storing" : "simulated",
              rows,
              collected.symbols(),
              collected.labels().size(),
              labels));
      return Map.of("rows", rows, "labels", labels.getFileName().toString());
    }
  }

  /** Files done of files planned, and rows stored, as a job's progress. */
  private static final class FileProgress implements Progress {
    private final BackgroundJobs.Progress job;
    private final AtomicInteger planned = new AtomicInteger();
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicLong rows = new AtomicLong();

    FileProgress(BackgroundJobs.Progress job) {
      this.job = job;
    }

    @Override
    public void filesPlanned(int count) {
      planned.addAndGet(count);
      report();
    }

    @Override
    public void fileDone(long bytes, long stored) {
      done.incrementAndGet();
      rows.addAndGet(stored);
      report();
    }

    private void report() {
      int p = Math.max(1, planned.get());
      job.update(
          done.get() / (double) p,
          String.format(Locale.ROOT, "%d of %d files, %,d rows", done.get(), p, rows.get()));
    }
  }
}
