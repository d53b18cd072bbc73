package dev.cryptoanomaly.binance;

import java.util.List;

/**
 * The outcome of a collection, per symbol, with everything that needs the user's attention; {@code
 * cancelled} when it stopped early on request, with what was stored until then.
 */
public record CollectReport(List<SymbolReport> symbols, boolean cancelled) {

  /** One symbol's files and rows; {@code errors} are mismatches, unreadable files, no data. */
  public record SymbolReport(
      String symbol,
      int filesStored,
      int filesSkipped,
      List<String> notPublished,
      long archiveRows,
      long restRows,
      List<BadRow> badRows,
      List<String> errors) {

    /** Files and rows in one line, as the CLI and the dashboard report them. */
    public String summary() {
      return String.format(
          java.util.Locale.ROOT,
          "files stored %d, already had %d, not published %d; rows %,d from archive, %,d from REST",
          filesStored,
          filesSkipped,
          notPublished.size(),
          archiveRows,
          restRows);
    }
  }

  public long rows() {
    return symbols.stream().mapToLong(s -> s.archiveRows() + s.restRows()).sum();
  }

  public boolean hasErrors() {
    return symbols.stream().anyMatch(s -> !s.errors().isEmpty());
  }
}
