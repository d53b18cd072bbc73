package dev.cryptoanomaly.binance;

import dev.cryptoanomaly.store.Provenance;

/**
 * What happened to one imported file.
 *
 * @param rows candles stored from it
 */
public record FileOutcome(
    String source,
    Provenance.Status status,
    long rows,
    long bytes,
    java.util.List<BadRow> badRows,
    String detail) {

  public boolean ok() {
    return status == Provenance.Status.OK;
  }
}
