package dev.cryptoanomaly.store;

import dev.cryptoanomaly.kline.SeriesKey;

/**
 * One ledger entry: where a batch of candles came from (an archive file, a REST range, an imported
 * file, the simulator), what it held and in what state it ended. Keyed by {@code source}, so a
 * re-run finds what it already has and resumes.
 *
 * @param source the archive object key, {@code rest:...}, {@code import:...} or {@code
 *     synthetic:...}
 * @param periodStart first open time the source covers (ms)
 * @param periodEnd first open time after the source's period (ms)
 * @param checksum verified SHA-256 of the file, or null
 * @param gaps candles missing inside the source's period
 * @param detail a human note: the mismatching hashes, the first bad rows, the 404
 */
public record Provenance(
    String source,
    Kind kind,
    SeriesKey series,
    long periodStart,
    long periodEnd,
    Status status,
    String checksum,
    long rows,
    long badRows,
    long gaps,
    String detail,
    long recordedAt) {

  /** Where candles came from. */
  public enum Kind {
    ARCHIVE,
    REST,
    IMPORT,
    SYNTHETIC,
    WEBSOCKET
  }

  /** How the source ended. */
  public enum Status {
    /** Verified and stored. */
    OK,
    /** Not published (HTTP 404): a gap to try again later. */
    ABSENT,
    /** The file did not match its .CHECKSUM twice: quarantined, nothing stored. */
    CHECKSUM_MISMATCH,
    /** Unreadable (corrupt zip, no CSV inside): nothing stored. */
    INVALID
  }
}
