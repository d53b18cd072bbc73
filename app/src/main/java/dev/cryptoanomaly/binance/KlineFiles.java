package dev.cryptoanomaly.binance;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/** Reads kline CSV out of a Binance zip (one CSV inside) or a plain CSV file. */
public final class KlineFiles {
  private KlineFiles() {}

  /**
   * Parses {@code file} with {@code parser}. The caller says whether it is a zip: a download in
   * progress is a {@code .part} file, so the file's own name cannot tell.
   *
   * @param source what to call the file in bad-row reports and errors
   * @throws InvalidFileException when the zip is corrupt or holds no CSV
   */
  public static ParsedKlines parse(Path file, boolean zipped, KlineCsvParser parser, String source)
      throws IOException {
    if (!zipped) {
      try (InputStream in = Files.newInputStream(file)) {
        return parser.parse(in, source);
      }
    }
    try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file))) {
      ZipEntry entry;
      while ((entry = zip.getNextEntry()) != null) {
        if (!entry.isDirectory() && entry.getName().toLowerCase(Locale.ROOT).endsWith(".csv")) {
          return parser.parse(zip, source + "!" + entry.getName());
        }
      }
    } catch (ZipException | java.io.EOFException e) {
      throw new InvalidFileException(source + " is not a readable zip (" + e.getMessage() + ")");
    }
    throw new InvalidFileException(source + " holds no CSV file");
  }

  /** A file that cannot be read as klines at all; nothing from it is stored. */
  public static final class InvalidFileException extends IOException {
    private static final long serialVersionUID = 1L;

    public InvalidFileException(String message) {
      super(message);
    }
  }
}
