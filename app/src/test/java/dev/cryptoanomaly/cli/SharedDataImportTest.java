package dev.cryptoanomaly.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cryptoanomaly.testkit.Cli;
import dev.cryptoanomaly.testkit.Markets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** import and status on the real Binance klines in ../shared/data/binance, with exact counts. */
@Tag("slow")
class SharedDataImportTest {
  @TempDir static Path home;
  static Map<String, String> env;
  static Cli.Result imported;

  @BeforeAll
  static void importAll() {
    Path data = Markets.sharedData().resolve("binance");
    assertThat(data).as("shared real data must be beside the repository").isDirectory();
    env = Map.of("CRYPTO_ANOMALY_HOME", home.toString());
    imported = Cli.run(env, Clock.systemUTC(), "import", data.toString());
  }

  @Test
  void importsEveryRowOfEveryFile() {
    assertThat(imported.exit()).as(imported.err()).isZero();
    assertThat(imported.out()).contains("imported 829,257 rows from 1565 files (0 failed");
    assertThat(imported.out()).doesNotContain("bad rows");
    assertThat(home.resolve("crypto-anomaly.db")).isRegularFile();
  }

  @Test
  void statusReportsExactCountsAndGaps() throws Exception {
    Cli.Result status = Cli.run(env, Clock.systemUTC(), "status", "--json");
    assertThat(status.exit()).isZero();
    JsonNode series = new ObjectMapper().readTree(status.out()).get("series");
    assertThat(series).hasSize(24);
    assertSeries(series, "spot", "BTCUSDT", "1m", 118_080, 3, 2_471_040, "2021-05-05T00:00:00Z");
    assertSeries(series, "spot", "BTCUSDT", "5m", 57_830, 8, 537_754, "2020-02-27T00:00:00Z");
    // LINKUSDT 1h lacks the 2020-03-04 10:00 candle: a real Binance outage.
    assertSeries(series, "spot", "LINKUSDT", "1h", 719, 1, 1, "2020-02-27T00:00:00Z");
    assertSeries(series, "futures-um", "AVAXUSDT", "1m", 40_320, 0, 0, "2023-02-01T00:00:00Z");
  }

  @Test
  void importingAgainStoresNothingTwice() {
    Cli.Result again =
        Cli.run(
            env,
            Clock.systemUTC(),
            "import",
            Markets.sharedData().resolve("binance/spot/1h").toString());
    assertThat(again.exit()).isZero();
    Cli.Result status = Cli.run(env, Clock.systemUTC(), "status");
    assertThat(status.out()).containsPattern("spot +LINKUSDT +1h .* +719 +1 +1");
  }

  private static void assertSeries(
      JsonNode all,
      String market,
      String symbol,
      String interval,
      long rows,
      int gaps,
      long missing,
      String first) {
    JsonNode s = null;
    for (JsonNode n : all) {
      if (n.get("market").asText().equals(market)
          && n.get("symbol").asText().equals(symbol)
          && n.get("interval").asText().equals(interval)) {
        s = n;
      }
    }
    assertThat(s).as(market + " " + symbol + " " + interval).isNotNull();
    assertThat(s.get("rows").asLong()).isEqualTo(rows);
    assertThat(s.get("gap_count").asInt()).isEqualTo(gaps);
    assertThat(s.get("missing").asLong()).isEqualTo(missing);
    assertThat(s.get("first").asText()).isEqualTo(first);
  }
}
