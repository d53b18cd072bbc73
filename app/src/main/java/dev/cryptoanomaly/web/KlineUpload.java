package dev.cryptoanomaly.web;

import dev.cryptoanomaly.UserException;
import dev.cryptoanomaly.binance.KlineFileImporter;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Kline files sent from the browser, for a dashboard that does not run on the analyst's machine:
 * every name checked before a byte is written (only names the importer reads, and the checksums
 * beside them), then written to a folder of their own under the data home for the same importer as
 * a path, and removed when the import ends.
 */
final class KlineUpload {
  static final int MAX_FILES = 1_000;
  static final long MAX_FILE_BYTES = 256L * 1024 * 1024;
  static final long MAX_REQUEST_BYTES = 2L * 1024 * 1024 * 1024;
  private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");

  private KlineUpload() {}

  /** The files written to a new folder under {@code root}; nothing is written when one is wrong. */
  static Path save(Path root, List<UploadedFile> files) {
    check(files.stream().map(UploadedFile::filename).toList());
    Path folder = root.resolve(UUID.randomUUID().toString());
    try {
      Files.createDirectories(folder);
      for (UploadedFile file : files) {
        try (InputStream in = file.content()) {
          Files.copy(in, folder.resolve(file.filename()));
        }
      }
      return folder;
    } catch (IOException e) {
      remove(folder);
      throw new UncheckedIOException("cannot keep the uploaded files in " + folder, e);
    }
  }

  /** One line naming the field and the first file that cannot be imported. */
  static void check(List<String> names) {
    if (names.isEmpty()) {
      throw new UserException(
          "field 'files': choose one or more kline files (BTCUSDT-5m-2024-08.zip, ...)");
    }
    if (names.size() > MAX_FILES) {
      throw new UserException(
          "field 'files': "
              + names.size()
              + " files are more than "
              + MAX_FILES
              + " at once; send them in parts or import their folder by path");
    }
    Set<String> seen = new HashSet<>();
    for (String name : names) {
      String shown = name == null ? "" : Fields.clip(name);
      if (name == null || !SAFE_NAME.matcher(name).matches() || name.contains("..")) {
        throw new UserException("field 'files': '" + shown + "' is not a plain file name");
      }
      if (!KlineFileImporter.importableName(name)) {
        throw new UserException(
            "field 'files': "
                + shown
                + " is not named as on data.binance.vision (BTCUSDT-5m-2024-08.zip,"
                + " BTCUSDT-1m-2024-08-05.csv, or the .CHECKSUM beside a zip)");
      }
      if (!seen.add(name)) {
        throw new UserException("field 'files': " + shown + " is chosen twice");
      }
    }
  }

  /** Upload folders a day old or more: left by a dashboard that stopped during their import. */
  static void removeStale(Path root, java.time.Instant now) {
    if (!Files.isDirectory(root)) {
      return;
    }
    try (Stream<Path> folders = Files.list(root)) {
      folders
          .filter(f -> modified(f).isBefore(now.minus(java.time.Duration.ofDays(1))))
          .forEach(KlineUpload::remove);
    } catch (IOException e) {
      // Nothing removed; the next start tries again.
    }
  }

  private static java.time.Instant modified(Path p) {
    try {
      return Files.getLastModifiedTime(p).toInstant();
    } catch (IOException e) {
      return java.time.Instant.MAX;
    }
  }

  /** The folder and what is in it; what cannot be removed is left (the import is done anyway). */
  static void remove(Path folder) {
    if (!Files.exists(folder)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(folder)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // Left behind; the dashboard removes day-old upload folders when it starts.
    }
  }
}
