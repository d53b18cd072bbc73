package dev.cryptoanomaly.testkit;

import dev.cryptoanomaly.kline.Kline;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Writes klines the way data.binance.vision does: 12-column CSV, zipped with one member. */
public final class KlineCsv {
  public static final String HEADER =
      "open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,"
          + "taker_buy_quote_volume,ignore";

  private KlineCsv() {}

  /** CSV text; {@code micros} writes times in microseconds as spot files from 2025 do. */
  public static String csv(List<Kline> klines, boolean header, boolean micros) {
    StringBuilder sb = new StringBuilder(klines.size() * 120);
    if (header) {
      sb.append(HEADER).append('\n');
    }
    long scale = micros ? 1000 : 1;
    for (Kline k : klines) {
      sb.append(k.openTime() * scale)
          .append(',')
          .append(num(k.open()))
          .append(',')
          .append(num(k.high()))
          .append(',')
          .append(num(k.low()))
          .append(',')
          .append(num(k.close()))
          .append(',')
          .append(num(k.volume()))
          .append(',')
          .append(micros ? k.closeTime() * 1000 + 999 : k.closeTime())
          .append(',')
          .append(num(k.quoteVolume()))
          .append(',')
          .append(k.trades())
          .append(',')
          .append(num(k.takerBuyBase()))
          .append(',')
          .append(num(k.takerBuyQuote()))
          .append(",0\n");
    }
    return sb.toString();
  }

  private static String num(double v) {
    return String.format(Locale.ROOT, "%.8f", v);
  }

  /** A zip holding {@code memberName} with {@code content}. */
  public static byte[] zip(String memberName, String content) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
        zip.putNextEntry(new ZipEntry(memberName));
        zip.write(content.getBytes(StandardCharsets.US_ASCII));
        zip.closeEntry();
      }
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
