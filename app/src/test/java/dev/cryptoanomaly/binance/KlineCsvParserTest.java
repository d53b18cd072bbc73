package dev.cryptoanomaly.binance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Kline;
import dev.cryptoanomaly.testkit.KlineCsv;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class KlineCsvParserTest {
  static final String ROW1 =
      "1714521600000,60000.01,60100.50,59950.00,60050.25,12.5,1714521659999,750000.1,321,6.25,375000.05,0";
  static final String ROW2 =
      "1714521660000,60050.25,60060.00,60000.00,60010.00,3.0,1714521719999,180000,10,1.5,90000,0";

  ParsedKlines parse(String text) throws IOException {
    return parse(new KlineCsvParser(Interval.M1), text);
  }

  static ParsedKlines parse(KlineCsvParser parser, String text) throws IOException {
    return parser.parse(
        new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)), "f.csv");
  }

  @Test
  void parsesAllTwelveColumns() throws IOException {
    ParsedKlines p = parse(ROW1 + "\n");
    assertThat(p.klines())
        .containsExactly(
            new Kline(
                1714521600000L,
                60000.01,
                60100.50,
                59950.00,
                60050.25,
                12.5,
                1714521659999L,
                750000.1,
                321,
                6.25,
                375000.05));
    assertThat(p.hadHeader()).isFalse();
  }

  @Test
  void sniffsHeaderRowAndCrLf() throws IOException {
    ParsedKlines p = parse(KlineCsv.HEADER + "\r\n" + ROW1 + "\r\n" + ROW2);
    assertThat(p.hadHeader()).isTrue();
    assertThat(p.klines()).hasSize(2);
    assertThat(p.badRows()).isEmpty();
  }

  @Test
  void microsecondsAreDetectedPerValue() throws IOException {
    ParsedKlines p =
        parse(
            "1735689600000000,1,1,1,1,0,1735689659999999,0,0,0,0,0\n"
                + "1735689660000,1,1,1,1,0,1735689719999,0,0,0,0,0\n");
    assertThat(p.klines())
        .extracting(Kline::openTime)
        .containsExactly(1735689600000L, 1735689660000L);
    assertThat(p.klines().get(0).closeTime()).isEqualTo(1735689659999L);
  }

  @Test
  void badRowsAreCountedWithTheirLineAndNeverReturned() throws IOException {
    String text =
        ROW1
            + "\n"
            + "1714521630000,1,1,1,1,1,1714521689999,0,0,0,0,0\n" // off grid
            + "1714521720000,10,9,8,9,1,1714521779999,0,0,0,0,0\n" // high below open
            + "1714521780000,10,11,9,10,-1,1714521839999,0,0,0,0,0\n" // negative volume
            + "1714521840000,10,11,9,10,1,1714521899999,0,0,0\n" // too few columns
            + "1714521900000,10,abc,9,10,1,1714521959999,0,0,0,0,0\n" // not a number
            + "1714521960000,10,11,9,10,1,1714521999999,0,0,0,0,0\n"; // wrong close time
    ParsedKlines p = parse(text);
    assertThat(p.klines()).hasSize(1);
    assertThat(p.badRows()).extracting(BadRow::line).containsExactly(2L, 3L, 4L, 5L, 6L, 7L);
    assertThat(p.badRows().get(0).reason()).contains("grid");
    assertThat(p.badRows().get(1).reason()).contains("OHLC");
    assertThat(p.badRows().get(2).reason()).contains("non-negative");
    assertThat(p.badRows().get(3).reason()).contains("12 columns");
    assertThat(p.badRows().get(4).reason()).contains("column 3");
    assertThat(p.badRows().get(5).reason()).contains("close_time");
    assertThat(p.badRows().get(0).toString()).startsWith("f.csv:2: ");
  }

  @Test
  void rowsOutsideTheFilePeriodAreRejected() throws IOException {
    ParsedKlines p =
        parse(
            new KlineCsvParser(Interval.M1, 1714521660000L, 1714521720000L),
            ROW1 + "\n" + ROW2 + "\n");
    assertThat(p.klines()).extracting(Kline::openTime).containsExactly(1714521660000L);
    assertThat(p.badRows())
        .singleElement()
        .extracting(BadRow::reason)
        .asString()
        .contains("outside");
  }

  @Test
  void duplicatesKeepTheLastAndUnorderedRowsAreSorted() throws IOException {
    String changed = ROW1.replace("12.5", "99.0");
    ParsedKlines p = parse(ROW2 + "\n" + ROW1 + "\n" + changed + "\n");
    assertThat(p.klines())
        .extracting(Kline::openTime)
        .containsExactly(1714521600000L, 1714521660000L);
    assertThat(p.klines().get(0).volume()).isEqualTo(99.0);
    assertThat(p.duplicates()).isEqualTo(1);
  }

  @Test
  void decimalsMatchJavaParsing() {
    for (String s :
        new String[] {
          "0.00010000", "60000.01", "123456789.12345678", "1e-3", "42", "-3.5", "0.1"
        }) {
      assertThat(Decimals.parse(s, 0, s.length())).as(s).isEqualTo(Double.parseDouble(s));
    }
  }

  @Test
  void aByteOrderMarkIsSkippedAndTheFirstCandleKept() throws IOException {
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    byte[] rows = (ROW1 + "\n" + ROW2 + "\n").getBytes(StandardCharsets.US_ASCII);
    byte[] file = new byte[bom.length + rows.length];
    System.arraycopy(bom, 0, file, 0, bom.length);
    System.arraycopy(rows, 0, file, bom.length, rows.length);
    ParsedKlines p = new KlineCsvParser(Interval.M1).parse(new ByteArrayInputStream(file), "f.csv");
    assertThat(p.klines()).hasSize(2);
    assertThat(p.hadHeader()).isFalse();
    assertThat(p.badRows()).isEmpty();

    byte[] headed = (KlineCsv.HEADER + "\n" + ROW1 + "\n").getBytes(StandardCharsets.US_ASCII);
    byte[] withBom = new byte[bom.length + headed.length];
    System.arraycopy(bom, 0, withBom, 0, bom.length);
    System.arraycopy(headed, 0, withBom, bom.length, headed.length);
    ParsedKlines h =
        new KlineCsvParser(Interval.M1).parse(new ByteArrayInputStream(withBom), "f.csv");
    assertThat(h.hadHeader()).isTrue();
    assertThat(h.klines()).hasSize(1);
  }

  @Test
  void aFirstLineThatIsNeitherHeaderNorCandleIsABadRowNotAHeader() throws IOException {
    ParsedKlines p = parse("x" + ROW1 + "\n" + ROW2 + "\n");
    assertThat(p.hadHeader()).isFalse();
    assertThat(p.klines()).hasSize(1);
    assertThat(p.badRows()).extracting(BadRow::line).containsExactly(1L);
  }

  @Test
  void nonFiniteAndAbsurdValuesAreBadRows() throws IOException {
    String[] bad = {
      "1714521600000,60000.01,60100.50,59950.00,60050.25,Infinity,1714521659999,750000.1,321,6.25,375000.05,0",
      "1714521600000,60000.01,60100.50,59950.00,60050.25,1e999,1714521659999,750000.1,321,6.25,375000.05,0",
      "1714521600000,60000.01,60100.50,59950.00,60050.25,12.5,1714521659999,Infinity,321,6.25,375000.05,0",
      "1714521600000,60000.01,60100.50,59950.00,60050.25,12.5,1714521659999,750000.1,1e30,6.25,375000.05,0",
      "1714521600000,60000.01,60100.50,59950.00,60050.25,NaN,1714521659999,750000.1,321,6.25,375000.05,0",
      "1714521600000,60000.01,60100.50,59950.00,60050.25,12.5,1714521659999,750000.1,321,NaN,375000.05,0",
      "1714521600000,60000.01,1e300,59950.00,60050.25,12.5,1714521659999,750000.1,321,6.25,375000.05,0",
    };
    for (String row : bad) {
      ParsedKlines p = parse(row + "\n");
      assertThat(p.klines()).as(row).isEmpty();
      assertThat(p.badRows()).as(row).hasSize(1);
      assertThat(p.badRows().get(0).toString()).startsWith("f.csv:1: ");
    }
  }

  @Test
  void aLineLongerThanAnyKlineRejectsTheFileWithoutReadingItIntoMemory() {
    java.io.InputStream endless =
        new java.io.InputStream() {
          long left = 3L << 30;

          @Override
          public int read() {
            return left-- > 0 ? '1' : -1;
          }

          @Override
          public int read(byte[] b, int off, int len) {
            int n = (int) Math.min(len, Math.min(left, 1 << 16));
            if (n <= 0) {
              return -1;
            }
            java.util.Arrays.fill(b, off, off + n, (byte) '1');
            left -= n;
            return n;
          }
        };
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new KlineCsvParser(Interval.M1).parse(endless, "big.csv"))
        .isInstanceOf(KlineFiles.InvalidFileException.class)
        .hasMessage("big.csv line 1 is longer than 1024 characters: not a kline CSV");
  }

  @Test
  void endlessBadRowsRejectTheFileAtABound() {
    String lines = "x\n".repeat(KlineCsvParser.MAX_BAD_ROWS + 5);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> parse(lines))
        .isInstanceOf(KlineFiles.InvalidFileException.class)
        .hasMessageStartingWith("f.csv has more than 10000 bad rows (the first: f.csv:1: ");
  }

  @Test
  void moreLinesThanTheFilePeriodHoldsRejectTheFile() {
    long day = 1714521600000L - 1714521600000L % 86_400_000L;
    KlineCsvParser parser = new KlineCsvParser(Interval.H1, day, day + 86_400_000L);
    String lines = (ROW1 + "\n").repeat(100);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> parse(parser, lines))
        .isInstanceOf(KlineFiles.InvalidFileException.class)
        .hasMessage("f.csv has more than 64 lines, more than its period can hold");
  }
}
