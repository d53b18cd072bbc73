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
  static int printCollect(CollectReport report, PrintWriter out, PrintWriter err) {
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

  static String minute(long millis) {
    String s = Instant.ofEpochMilli(millis).toString();
    return s.length() >= 16 ? s.substring(0, 16).replace('T', ' ') : s;
  }
}
