package dev.cryptoanomaly.binance;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads Binance {@code .CHECKSUM} files ({@code sha256sum} format, often with no trailing newline)
 * and computes SHA-256 of downloaded files.
 */
public final class Checksums {
  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

  private Checksums() {}

  /**
   * The hash in a checksum file's content, leniently: field 0 is the hash, the last field the name.
   *
   * @return empty when the content is not a SHA-256 checksum line
   */
  public static Optional<String> parse(String content) {
    String[] fields = content.strip().split("\\s+");
    if (fields.length == 0) {
      return Optional.empty();
    }
    String hash = fields[0].toLowerCase(Locale.ROOT);
    return HEX64.matcher(hash).matches() ? Optional.of(hash) : Optional.empty();
  }

  /** Lower-case hex SHA-256 of a file. */
  public static String sha256(Path file) throws IOException {
    MessageDigest digest = newDigest();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      int n;
      while ((n = in.read(buffer)) > 0) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** Lower-case hex SHA-256 of bytes. */
  public static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(newDigest().digest(bytes));
  }

  /** The content of a checksum file for {@code fileName}, as Binance writes it. */
  public static String checksumLine(String hash, String fileName) {
    return hash + "  " + fileName;
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
