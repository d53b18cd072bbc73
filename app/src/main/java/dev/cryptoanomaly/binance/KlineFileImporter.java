package dev.cryptoanomaly.binance;

import dev.cryptoanomaly.UserException;
import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Market;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.store.Provenance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Imports kline files users already have, named as on data.binance.vision ({@code
 * BTCUSDT-1m-2024-05.zip}, {@code BTCUSDT-1m-2024-05-01.csv}), from a file or a folder tree. A zip
 * with a {@code .CHECKSUM} beside it is verified first. Files parse in parallel; one thread writes,
 * one transaction per file, so importing the same files again changes nothing.
 */
public final class KlineFileImporter {
  private static final Pattern NAME =
      Pattern.compile(
          "([A-Z0-9]+)-(1s|1m|3m|5m|15m|30m|1h|2h|4h|6h|8h|12h|1d|3d|1w|1mo)-"
              + "(\\d{4}-\\d{2})(-\\d{2})?\\.(zip|csv)");

  private final KlineStore store;
  private final Clock clock;
  private final int parallelism;

  public KlineFileImporter(KlineStore store, Clock clock, int parallelism) {
    this.store = store;
    this.clock = clock;
    this.parallelism = Math.max(1, parallelism);
  }

  /** The result of an import: per-file outcomes and names that were not kline files. */
  public record ImportReport(List<FileOutcome> files, List<String> ignored) {
    public long rows() {
      return files.stream().mapToLong(FileOutcome::rows).sum();
    }

    public List<FileOutcome> failures() {
      return files.stream().filter(f -> !f.ok()).toList();
    }

    public List<BadRow> badRows() {
      return files.stream().flatMap(f -> f.badRows().stream()).toList();
    }
  }

  /** A recognised file: its series and period. */
  record Candidate(Path path, SeriesKey series, LocalDate day, boolean monthly, boolean zipped) {
    long start() {
      return day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }

    long end() {
      LocalDate next = monthly ? day.plusMonths(1) : day.plusDays(1);
      return next.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }
  }

  /**
   * Imports every kline file under {@code root}.
   *
   * @param marketOverride the market for every file; otherwise taken from the path ({@code
   *     futures/um} or {@code futures-um} means USD-M futures, anything else spot)
   */
  public ImportReport importPath(Path root, Optional<Market> marketOverride, Progress progress) {
    if (!Files.exists(root)) {
      throw new UserException("nothing to import: " + root + " does not exist");
    }
    List<Candidate> candidates = new ArrayList<>();
    List<String> ignored = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(root)) {
      walk.filter(Files::isRegularFile)
          .sorted()
          .forEach(
              p ->
                  recognise(p, marketOverride)
                      .ifPresentOrElse(
                          candidates::add,
                          () -> {
                            String n = p.getFileName().toString();
                            if (!n.endsWith(".CHECKSUM")
                                && !n.endsWith(".md")
                                && !n.endsWith(".json")) {
                              ignored.add(p.toString());
                            }
                          }));
    } catch (IOException | UncheckedIOException e) {
      throw new UserException("cannot read " + root + ": " + e.getMessage(), e);
    }
    progress.filesPlanned(candidates.size());
    List<FileOutcome> outcomes = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(parallelism);
    try {
      // A sliding window keeps memory bounded while the writer keeps files in order.
      List<Future<Parsed>> window = new ArrayList<>();
      int next = 0;
      while (next < candidates.size() || !window.isEmpty()) {
        while (next < candidates.size() && window.size() < parallelism * 2) {
          Candidate c = candidates.get(next++);
          window.add(pool.submit(() -> parse(c)));
        }
        Parsed parsed = get(window.remove(0));
        FileOutcome outcome = write(parsed);
        outcomes.add(outcome);
        progress.fileDone(parsed.bytes, outcome.rows());
      }
    } finally {
      pool.shutdownNow();
    }
    progress.finished();
    return new ImportReport(outcomes, ignored);
  }

  /**
   * Whether a file name is one this importer reads ({@code BTCUSDT-5m-2024-08.zip}) or the {@code
   * .CHECKSUM} beside one: what an upload may carry.
   */
  public static boolean importableName(String fileName) {
    String name =
        fileName.endsWith(".CHECKSUM")
            ? fileName.substring(0, fileName.length() - ".CHECKSUM".length())
            : fileName;
    return NAME.matcher(name).matches();
  }

  static Optional<Candidate> recognise(Path path, Optional<Market> marketOverride) {
    Matcher m = NAME.matcher(path.getFileName().toString());
    if (!m.matches()) {
      return Optional.empty();
    }
    String normalised = path.toAbsolutePath().toString().replace('\\', '/');
    if (marketOverride.isEmpty() && normalised.contains("/futures/cm/")) {
      return Optional.empty();
    }
    Market market =
        marketOverride.orElse(
            normalised.contains("/futures/um/") || normalised.contains("/futures-um/")
                ? Market.FUTURES_UM
                : Market.SPOT);
    try {
      boolean monthly = m.group(4) == null;
      LocalDate day =
          monthly ? YearMonth.parse(m.group(3)).atDay(1) : LocalDate.parse(m.group(3) + m.group(4));
      return Optional.of(
          new Candidate(
              path,
              new SeriesKey(market, m.group(1), Interval.parse(m.group(2))),
              day,
              monthly,
              m.group(5).equals("zip")));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private record Parsed(
      Candidate candidate, ParsedKlines klines, String checksum, long bytes, String error) {}

  private static Parsed parse(Candidate c) throws IOException {
    long bytes = Files.size(c.path());
    String hash = Checksums.sha256(c.path());
    Path sumFile = c.path().resolveSibling(c.path().getFileName() + ".CHECKSUM");
    if (Files.isRegularFile(sumFile)) {
      Optional<String> expected = Checksums.parse(Files.readString(sumFile));
      if (expected.isEmpty() || !expected.get().equals(hash)) {
        return new Parsed(
            c,
            null,
            hash,
            bytes,
            "does not match " + sumFile.getFileName() + " (file has " + hash + ")");
      }
    }
    KlineCsvParser parser = new KlineCsvParser(c.series().interval(), c.start(), c.end());
    try {
      return new Parsed(
          c,
          KlineFiles.parse(c.path(), c.zipped(), parser, c.path().toString()),
          hash,
          bytes,
          null);
    } catch (KlineFiles.InvalidFileException e) {
      return new Parsed(c, null, hash, bytes, e.getMessage());
    }
  }

  private FileOutcome write(Parsed p) {
    Candidate c = p.candidate();
    String source = "import:" + c.path().toAbsolutePath().normalize();
    long now = clock.millis();
    if (p.error() != null) {
      Provenance.Status status =
          p.error().startsWith("does not match")
              ? Provenance.Status.CHECKSUM_MISMATCH
              : Provenance.Status.INVALID;
      store.record(
          new Provenance(
              source,
              Provenance.Kind.IMPORT,
              c.series(),
              c.start(),
              c.end(),
              status,
              p.checksum(),
              0,
              0,
              0,
              p.error(),
              now));
      String message =
          p.error().startsWith(c.path().toString()) ? p.error() : c.path() + " " + p.error();
      return new FileOutcome(
          source, status, 0, p.bytes(), List.of(), message + "; nothing from it was stored");
    }
    ParsedKlines parsed = p.klines();
    Interval interval = c.series().interval();
    long expected = interval.candlesBetween(interval.firstOpenOn(c.day()), c.end());
    Provenance provenance =
        new Provenance(
            source,
            Provenance.Kind.IMPORT,
            c.series(),
            c.start(),
            c.end(),
            Provenance.Status.OK,
            p.checksum(),
            parsed.klines().size(),
            parsed.badRows().size(),
            Math.max(0, expected - parsed.klines().size()),
            parsed.badRows().isEmpty() ? null : parsed.badRows().size() + " bad rows",
            now);
    long rows = store.write(c.series(), parsed.klines(), provenance);
    return new FileOutcome(source, Provenance.Status.OK, rows, p.bytes(), parsed.badRows(), null);
  }

  private static Parsed get(Future<Parsed> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while importing", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw new UserException("cannot read " + io.getMessage(), io);
      }
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    }
  }
}
