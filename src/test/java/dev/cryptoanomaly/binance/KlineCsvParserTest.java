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
}
