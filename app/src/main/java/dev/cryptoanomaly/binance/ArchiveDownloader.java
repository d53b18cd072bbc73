package dev.cryptoanomaly.binance;

import dev.cryptoanomaly.store.Provenance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Downloads one archive file, verifies it against its {@code .CHECKSUM} before parsing, and parses
 * it. A 404 means "not published"; a mismatch is retried once, then the file is quarantined. Runs
 * on download threads; it never writes to the store.
 */
final class ArchiveDownloader {
  private final HttpFetcher http;
  private final URI archiveBase;
  private final Path downloads;

  ArchiveDownloader(HttpFetcher http, URI archiveBase, Path downloads) {
    this.http = http;
    this.archiveBase = archiveBase;
    this.downloads = downloads;
  }

  /** What a download produced, ready for the writer. */
  record Fetched(
      ArchiveFile file,
      Provenance.Status status,
      boolean skipped,
      String checksum,
      ParsedKlines parsed,
      long bytes,
      String detail,
      HttpFetcher.UnreachableException failure) {
    Fetched(
        ArchiveFile file,
        Provenance.Status status,
        boolean skipped,
        String checksum,
        ParsedKlines parsed,
        long bytes,
        String detail) {
      this(file, status, skipped, checksum, parsed, bytes, detail, null);
    }
  }

  /**
   * Fetches one file; a server that keeps failing for it is an outcome of this file (not recorded
   * in the ledger, so the next run tries again), never the end of the whole collection.
   */
  Fetched fetch(ArchiveFile file, Optional<Provenance> known) {
    try {
      return fetchOnce(file, known);
    } catch (HttpFetcher.UnreachableException e) {
      return new Fetched(file, null, false, null, null, 0, e.getMessage(), e);
    }
  }

  private Fetched fetchOnce(ArchiveFile file, Optional<Provenance> known) {
    HttpResponse<String> sum = http.getString(uri(file.checksumPath()));
    if (sum.statusCode() == 404) {
      return absent(file, "not published (HTTP 404)");
    }
    if (sum.statusCode() != 200) {
      return failed(file, null, "checksum file answered HTTP " + sum.statusCode());
    }
    Optional<String> expected = Checksums.parse(sum.body());
    if (expected.isEmpty()) {
      return failed(file, null, "checksum file " + file.checksumPath() + " is not a SHA-256 line");
    }
    String hash = expected.get();
    if (known.isPresent()
        && known.get().status() == Provenance.Status.OK
        && hash.equals(known.get().checksum())) {
      return new Fetched(file, Provenance.Status.OK, true, hash, null, 0, "already stored");
    }
    Path part = downloads.resolve(file.fileName() + ".part");
    try {
      Files.createDirectories(downloads);
      String actual = null;
      for (int attempt = 1; attempt <= 2; attempt++) {
        HttpResponse<Path> zip = http.getFile(uri(file.path()), part);
        if (zip.statusCode() == 404) {
          return absent(file, "zip not published although its checksum is (HTTP 404)");
        }
        if (zip.statusCode() != 200) {
          return failed(file, hash, "zip answered HTTP " + zip.statusCode());
        }
        actual = Checksums.sha256(part);
        if (actual.equals(hash)) {
          break;
        }
      }
      if (!hash.equals(actual)) {
        return new Fetched(
            file,
            Provenance.Status.CHECKSUM_MISMATCH,
            false,
            actual,
            null,
            Files.size(part),
            "checksum mismatch twice: .CHECKSUM says " + hash + ", file has " + actual);
      }
      long bytes = Files.size(part);
      KlineCsvParser parser =
          new KlineCsvParser(file.series().interval(), file.startMillis(), file.endMillis());
      try {
        ParsedKlines parsed = KlineFiles.parse(part, true, parser, file.path());
        return new Fetched(file, Provenance.Status.OK, false, hash, parsed, bytes, null);
      } catch (KlineFiles.InvalidFileException e) {
        return failed(file, hash, e.getMessage());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save " + part + ": " + e.getMessage(), e);
    } finally {
      try {
        Files.deleteIfExists(part);
      } catch (IOException ignored) {
        // A leftover .part file is overwritten by the next attempt.
      }
    }
  }

  private URI uri(String path) {
    return URI.create(archiveBase + "/" + path);
  }

  private static Fetched absent(ArchiveFile file, String detail) {
    return new Fetched(file, Provenance.Status.ABSENT, false, null, null, 0, detail);
  }

  private static Fetched failed(ArchiveFile file, String hash, String detail) {
    return new Fetched(file, Provenance.Status.INVALID, false, hash, null, 0, detail);
  }
}
