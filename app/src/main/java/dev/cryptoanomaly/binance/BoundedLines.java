package dev.cryptoanomaly.binance;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads lines of single-byte text with a ceiling on a line's length, so that a hostile file (one
 * line of gigabytes) costs no more memory than an honest one. A UTF-8 byte order mark at the very
 * start is skipped. A line longer than the ceiling is cut there and flagged by {@link #overlong()};
 * the caller rejects the file.
 */
final class BoundedLines {
  private static final int BUFFER = 1 << 16;

  private final InputStream in;
  private final byte[] buffer = new byte[BUFFER];
  private final byte[] line;
  private int pos;
  private int limit;
  private boolean started;
  private boolean overlong;

  BoundedLines(InputStream in, int maxChars) {
    this.in = in;
    this.line = new byte[maxChars];
  }

  /** The next line without its {@code \n}, or null at the end of the input. */
  String next() throws IOException {
    if (!started) {
      started = true;
      skipByteOrderMark();
    }
    int length = 0;
    overlong = false;
    boolean any = false;
    while (true) {
      if (pos == limit && !fill()) {
        return any ? text(length) : null;
      }
      any = true;
      byte b = buffer[pos++];
      if (b == '\n') {
        return text(length);
      }
      if (length == line.length) {
        overlong = true;
        return text(length);
      }
      line[length++] = b;
    }
  }

  /** Whether the line {@link #next()} returned last was cut at the ceiling. */
  boolean overlong() {
    return overlong;
  }

  private String text(int length) {
    return new String(line, 0, length, StandardCharsets.ISO_8859_1);
  }

  private boolean fill() throws IOException {
    int n = in.read(buffer, 0, buffer.length);
    while (n == 0) {
      n = in.read(buffer, 0, buffer.length);
    }
    if (n < 0) {
      return false;
    }
    pos = 0;
    limit = n;
    return true;
  }

  private void skipByteOrderMark() throws IOException {
    while (limit - pos < 3) {
      int n = in.read(buffer, limit, buffer.length - limit);
      if (n < 0) {
        break;
      }
      limit += n;
    }
    if (limit - pos >= 3
        && buffer[pos] == (byte) 0xEF
        && buffer[pos + 1] == (byte) 0xBB
        && buffer[pos + 2] == (byte) 0xBF) {
      pos += 3;
    }
  }
}
