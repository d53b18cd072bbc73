package dev.cryptoanomaly.cli;

import dev.cryptoanomaly.binance.BadRow;
import dev.cryptoanomaly.binance.CollectReport;
import dev.cryptoanomaly.binance.FileOutcome;
import dev.cryptoanomaly.binance.KlineFileImporter;
import dev.cryptoanomaly.store.SeriesCoverage;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** Prints collection, import and coverage reports for people. */
final class Reports {
  private static final int SHOWN = 5;

  private Reports() {}

  /** Prints a collection report; returns the exit code (2 when anything needs attention). */
  /** Symbols a collection reports line by line; beyond it, a summary by outcome. */
  static final int PER_SYMBOL_LINES = 20;

  static int printCollect(CollectReport report, PrintWriter out, PrintWriter err) {
    if (report.symbols().size() > PER_SYMBOL_LINES) {
      return printCollectSummary(report, out, err);
    }
    for (CollectReport.SymbolReport s : report.symbols()) {
      out.printf("%-10s %s%n", s.symbol(), s.summary());
      s.notPublished().stream()
          .limit(SHOWN)
          .forEach(p -> out.println("  gap (not published): " + p));
      if (s.notPublished().size() > SHOWN) {
        out.println("  ... and " + (s.notPublished().size() - SHOWN) + " more unpublished files");
      }
      printBadRows(s.badRows(), out);
      s.errors().forEach(e -> err.println("error: " + e));
    }
    out.printf(Locale.ROOT, "stored %,d rows%n", report.rows());
    if (report.cancelled()) {
      err.println("error: cancelled before every file was collected; run it again to go on");
      return 2;
    }
    return report.hasErrors() ? 2 : 0;
  }

  /**
   * Hundreds of symbols: totals, how many symbols ended which way, and only the symbols that need
   * attention (errors on stderr, the first few with gaps); {@code status} has every series.
   */
  private static int printCollectSummary(CollectReport report, PrintWriter out, PrintWriter err) {
    List<CollectReport.SymbolReport> all = report.symbols();
    long fresh = all.stream().filter(s -> s.filesStored() > 0 || s.restRows() > 0).count();
    long complete =
        all.stream()
            .filter(
                s ->
                    s.filesStored() == 0
                        && s.restRows() == 0
                        && s.notPublished().isEmpty()
                        && s.errors().isEmpty())
            .count();
    List<CollectReport.SymbolReport> gaps =
        all.stream().filter(s -> !s.notPublished().isEmpty()).toList();
    List<CollectReport.SymbolReport> failed =
        all.stream().filter(s -> !s.errors().isEmpty()).toList();
    out.printf(
        Locale.ROOT,
        "%,d symbols: %,d with new candles, %,d already complete, %,d with gaps, %,d with errors%n",
        all.size(),
        fresh,
        complete,
        gaps.size(),
        failed.size());
    out.printf(
        Locale.ROOT,
        "files stored %,d, already had %,d, not published %,d; rows %,d from archive, %,d from"
            + " REST%n",
        all.stream().mapToLong(CollectReport.SymbolReport::filesStored).sum(),
        all.stream().mapToLong(CollectReport.SymbolReport::filesSkipped).sum(),
        all.stream().mapToLong(s -> s.notPublished().size()).sum(),
        all.stream().mapToLong(CollectReport.SymbolReport::archiveRows).sum(),
        all.stream().mapToLong(CollectReport.SymbolReport::restRows).sum());
    gaps.stream()
        .limit(SHOWN)
        .forEach(
            s ->
                out.printf(
                    Locale.ROOT,
                    "  %s: %,d files not published, first %s%n",
                    s.symbol(),
                    s.notPublished().size(),
                    s.notPublished().getFirst()));
    if (gaps.size() > SHOWN) {
      out.println("  ... and " + (gaps.size() - SHOWN) + " more symbols with gaps (see status)");
    }
    long bad = all.stream().mapToLong(s -> s.badRows().size()).sum();
    if (bad > 0) {
      out.printf(Locale.ROOT, "  %,d bad rows rejected (not stored)%n", bad);
    }
    failed.forEach(s -> s.errors().forEach(e -> err.println("error: " + e)));
    out.printf(Locale.ROOT, "stored %,d rows%n", report.rows());
    if (report.cancelled()) {
      err.println("error: cancelled before every file was collected; run it again to go on");
      return 2;
    }
    return failed.isEmpty() ? 0 : 2;
  }

  static int printImport(KlineFileImporter.ImportReport report, PrintWriter out, PrintWriter err) {
    out.printf(
        Locale.ROOT,
        "imported %,d rows from %d files (%d failed, %d other files ignored)%n",
        report.rows(),
        report.files().size() - report.failures().size(),
        report.failures().size(),
        report.ignored().size());
    printBadRows(report.badRows(), out);
    for (FileOutcome f : report.failures()) {
      err.println("error: " + f.detail());
    }
    return report.failures().isEmpty() ? 0 : 2;
  }

  private static void printBadRows(List<BadRow> bad, PrintWriter out) {
    if (bad.isEmpty()) {
      return;
    }
    out.printf(Locale.ROOT, "  %d bad rows rejected (not stored):%n", bad.size());
    bad.stream().limit(SHOWN).forEach(b -> out.println("    " + b));
  }

  static void printCoverage(List<SeriesCoverage> coverage, PrintWriter out) {
    if (coverage.isEmpty()) {
      out.println(
          "the store is empty: run 'crypto-anomaly collect' or 'crypto-anomaly import PATH'");
      return;
    }
    out.printf(
        Locale.ROOT,
        "%-10s %-10s %-4s %-20s %-20s %12s %10s %6s  %s%n",
        "market",
        "symbol",
        "int",
        "first",
        "last",
        "rows",
        "missing",
        "gaps",
        "source");
    for (SeriesCoverage c : coverage) {
      out.printf(
          Locale.ROOT,
          "%-10s %-10s %-4s %-20s %-20s %,12d %,10d %,6d  %s%n",
          c.series().market(),
          c.series().symbol(),
          c.series().interval(),
          minute(c.firstOpenTime()),
          minute(c.lastOpenTime()),
          c.rows(),
          c.missing(),
          c.gaps(),
          c.sourceLabel());
    }
  }

  /** One line per incident: id, onset, extent, scope, how many symbols, lead, severity, triage. */
  static void incidentTable(
      PrintWriter out,
      List<dev.cryptoanomaly.alert.Incident> incidents,
      java.util.Map<String, dev.cryptoanomaly.alert.TriageEntry> triage) {
    out.printf(
        "%-13s %-20s %6s %-12s %7s %-10s %-8s %-11s %s%n",
        "id",
        "onset (UTC)",
        "lasts",
        "scope",
        "symbols",
        "lead",
        "severity",
        "triage",
        "model: members");
    for (var i : incidents) {
      var t = triage.get(i.id());
      List<String> symbols = List.copyOf(i.symbols());
      String members =
          String.join(",", symbols.subList(0, Math.min(SHOWN, symbols.size())))
              + (symbols.size() > SHOWN ? ", +" + (symbols.size() - SHOWN) + " more" : "");
      out.printf(
          Locale.ROOT,
          "%-13s %-20s %6s %-12s %7s %-10s %-8s %-11s %s: %s%n",
          i.id(),
          dev.cryptoanomaly.Numbers.instant(i.onset()),
          DetectCommand.lasts(i.lastHit() - i.onset() + i.source().interval().millis()),
          i.scope().id(),
          symbols.size() + "/" + i.watched(),
          i.lead(),
          i.severity().id(),
          t == null ? "-" : t.state().id(),
          i.source().label(),
          members);
    }
  }

  /** After {@code detect}: how many incidents by scope, and the largest few. */
  static void incidentSummary(PrintWriter out, List<dev.cryptoanomaly.alert.Incident> incidents) {
    if (incidents.isEmpty()) {
      return;
    }
    long market =
        incidents.stream()
            .filter(i -> i.scope() == dev.cryptoanomaly.alert.IncidentScope.MARKET_WIDE)
            .count();
    out.printf(
        Locale.ROOT,
        "%s: %s market-wide, %s single-asset (crypto-anomaly incidents lists them)%n",
        dev.cryptoanomaly.Numbers.count(incidents.size())
            + (incidents.size() == 1 ? " incident" : " incidents"),
        dev.cryptoanomaly.Numbers.count(market),
        dev.cryptoanomaly.Numbers.count(incidents.size() - market));
    List<dev.cryptoanomaly.alert.Incident> largest =
        incidents.stream()
            .filter(i -> i.symbols().size() > 1)
            .sorted(
                java.util.Comparator.comparingInt(
                        (dev.cryptoanomaly.alert.Incident i) -> i.symbols().size())
                    .reversed()
                    .thenComparingLong(dev.cryptoanomaly.alert.Incident::onset))
            .limit(SHOWN)
            .toList();
    if (!largest.isEmpty()) {
      incidentTable(out, largest, java.util.Map.of());
    }
  }

  static String minute(long millis) {
    String s = Instant.ofEpochMilli(millis).toString();
    return s.length() >= 16 ? s.substring(0, 16).replace('T', ' ') : s;
  }

  /** How a model reads each symbol's scores, in one line for {@code train} and {@code models}. */
  static String calibration(dev.cryptoanomaly.alert.SymbolCalibration c) {
    if (c.offsets().isEmpty()) {
      return "calibration: pooled over every symbol";
    }
    var widest =
        c.offsets().entrySet().stream()
            .max(java.util.Comparator.comparingDouble(e -> Math.abs(e.getValue())))
            .orElseThrow();
    if (widest.getValue() == 0) {
      return "calibration: per symbol, but the "
          + c.offsets().size()
          + " symbols differ by no more than sampling noise: each is read with the pooled one";
    }
    return "calibration: per symbol for "
        + c.offsets().size()
        + " symbols, offsets shrunk toward the pooled one (widest "
        + widest.getKey()
        + " "
        + dev.cryptoanomaly.Numbers.format(widest.getValue())
        + " in score units)";
  }

  /** Symbols shown by name up to this many; beyond it, a count with the first and last. */
  static final int NAMED_SYMBOLS = 10;

  /** A list of symbols for one line: every name when few, else a count with the first and last. */
  static String symbolList(List<String> symbols) {
    if (symbols.size() <= NAMED_SYMBOLS) {
      return String.join(",", symbols);
    }
    return dev.cryptoanomaly.Numbers.count(symbols.size())
        + " symbols ("
        + symbols.getFirst()
        + " ... "
        + symbols.getLast()
        + ")";
  }
}
