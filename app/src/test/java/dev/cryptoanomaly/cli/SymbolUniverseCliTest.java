package dev.cryptoanomaly.cli;

import static dev.cryptoanomaly.cli.BadInputTest.assertOneLineUserError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cryptoanomaly.binance.ArchiveFile;
import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Kline;
import dev.cryptoanomaly.kline.Market;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.testkit.Cli;
import dev.cryptoanomaly.testkit.FakeBinance;
import dev.cryptoanomaly.testkit.RandomCandles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The symbol universe against a local server speaking the archive's S3 listing (both ListObjects
 * versions, pages of two names) and exchangeInfo: {@code symbols}, {@code collect} by pattern, and
 * a broken listing.
 */
class SymbolUniverseCliTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-10T12:00:00Z"), ZoneOffset.UTC);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path home;
  FakeBinance binance;
  Map<String, String> env;

  @BeforeEach
  void archive() throws Exception {
    binance = new FakeBinance();
    binance.listingPageSize(2);
    publish("BTCUSDT", LocalDate.parse("2024-05-01"), 3);
    publish("ETHUSDT", LocalDate.parse("2024-05-03"), 2);
    publish("BTCEUR", LocalDate.parse("2024-05-02"), 1);
    publish("OLDUSDT", LocalDate.parse("2024-05-01"), 2); // delisted on 2024-05-03
    publish("GONEUSDT", LocalDate.parse("2024-04-01"), 2); // delisted before the period
    binance.putKey("data/spot/daily/klines/NEWUSDT/5m/NEWUSDT-5m-2024-05-08.zip"); // no 1m
    binance.listSymbol("BTCUSDT", "TRADING", "BTC", "USDT");
    binance.listSymbol("ETHUSDT", "TRADING", "ETH", "USDT");
    binance.listSymbol("BTCEUR", "BREAK", "BTC", "EUR");
    binance.listSymbol("NEWUSDT", "TRADING", "NEW", "USDT");
    env = new HashMap<>();
    env.put("CRYPTO_ANOMALY_HOME", home.toString());
    env.put("CRYPTO_ANOMALY_BINANCE__ARCHIVE_URL", binance.archiveUri().toString());
    env.put("CRYPTO_ANOMALY_BINANCE__API_URL", binance.apiUri().toString());
    env.put("CRYPTO_ANOMALY_BINANCE__LISTING_URL", binance.listingUri().toString());
  }

  @AfterEach
  void stop() {
    binance.close();
  }

  private void publish(String symbol, LocalDate first, int days) {
    SeriesKey series = new SeriesKey(Market.SPOT, symbol, Interval.M1);
    for (int d = 0; d < days; d++) {
      LocalDate day = first.plusDays(d);
      long start = day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
      List<Kline> k =
          RandomCandles.generate(
              Interval.M1, start, new RandomCandles.Shape(1440, 0, 0, 0, true), d + 7L);
      binance.publish(ArchiveFile.daily(series, day), k, false, false);
    }
  }

  private List<JsonNode> json(Cli.Result r) throws Exception {
    assertThat(r.exit()).as(r.err()).isZero();
    List<JsonNode> out = new java.util.ArrayList<>();
    for (String line : r.out().strip().split("\n")) {
      out.add(JSON.readTree(line));
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void everyArchivedSymbolIsListedWithItsStatusAndDaysOverEveryPage(boolean version1)
      throws Exception {
    if (version1) {
      binance.listingVersion1();
    }
    List<JsonNode> all = json(Cli.run(env, CLOCK, "symbols", "--json"));
    assertThat(all)
        .extracting(n -> n.get("symbol").asText())
        .containsExactly("BTCEUR", "BTCUSDT", "ETHUSDT", "GONEUSDT", "NEWUSDT", "OLDUSDT");
    JsonNode btc = all.get(1);
    assertThat(btc.get("status").asText()).isEqualTo("trading");
    assertThat(btc.get("quote_asset").asText()).isEqualTo("USDT");
    assertThat(btc.get("first_day").asText()).isEqualTo("2024-05-01");
    assertThat(btc.get("last_day").asText()).isEqualTo("2024-05-03");
    assertThat(btc.get("archived_days").asInt()).isEqualTo(3);
    assertThat(all.get(5).get("status").asText()).isEqualTo("delisted");
    assertThat(all.get(5).get("quote_asset").isNull()).isTrue();
    assertThat(all.get(4).get("archived_days").asInt()).as("NEWUSDT has 5m files only").isZero();
    assertThat(binance.listingPages()).as("pages of two names").isGreaterThan(6);

    Cli.Result usdt = Cli.run(env, CLOCK, "symbols", "*USDT", "--trading-only");
    assertThat(usdt.exit()).as(usdt.err()).isZero();
    assertThat(usdt.out())
        .contains("BTCUSDT")
        .contains("ETHUSDT")
        .contains("NEWUSDT")
        .doesNotContain("OLDUSDT")
        .doesNotContain("BTCEUR")
        .contains("3 symbols: 3 trading, 0 delisted, 1 without 1m files")
        .contains("(cached)");
    assertThat(json(Cli.run(env, CLOCK, "symbols", "--quote", "EUR", "--json")))
        .extracting(n -> n.get("symbol").asText())
        .containsExactly("BTCEUR");
  }

  @Test
  void theListingIsCachedForItsTimeToLiveAndRefreshedOnRequest() throws Exception {
    assertThat(Cli.run(env, CLOCK, "symbols").exit()).isZero();
    int pages = binance.listingPages();
    Cli.Result again = Cli.run(env, CLOCK, "symbols", "BTC*");
    assertThat(again.out()).contains("(cached)");
    assertThat(binance.listingPages()).as("names and days from the cache").isEqualTo(pages);
    Clock later = Clock.offset(CLOCK, java.time.Duration.ofHours(25));
    assertThat(Cli.run(env, later, "symbols", "BTC*").out()).doesNotContain("(cached)");
    assertThat(binance.listingPages()).isGreaterThan(pages);
    int refreshed = binance.listingPages();
    env.put("CRYPTO_ANOMALY_BINANCE__LISTING_TTL", "30d");
    assertThat(Cli.run(env, later, "symbols", "--refresh").out()).doesNotContain("(cached)");
    assertThat(binance.listingPages()).isGreaterThan(refreshed);
    env.put("CRYPTO_ANOMALY_BINANCE__LISTING_TTL", "a day");
    assertOneLineUserError(
        Cli.run(env, later, "symbols"), "CRYPTO_ANOMALY_BINANCE__LISTING_TTL must be a time");
  }

  @Test
  void collectByPatternStartsEachSymbolAtItsFirstDayAndSaysWhichAreDelisted() throws Exception {
    Cli.Result r =
        Cli.run(
            env,
            CLOCK,
            "collect",
            "--symbols",
            "*USDT",
            "--start",
            "2024-05-01",
            "--end",
            "2024-05-04");
    assertThat(r.exit()).as(r.err() + r.out()).isZero();
    assertThat(r.out())
        .contains("*USDT matches 5 archived spot symbols; collecting 3")
        .contains("OLDUSDT: delisted, archived to 2024-05-02; collected to then")
        .contains("GONEUSDT: delisted, archived to 2024-04-02, before the period")
        .contains("NEWUSDT: listed, but the archive has no 1m files");
    // No request for days the archive never had: ETH from 05-03, OLD to 05-02.
    assertThat(binance.requests())
        .noneMatch(u -> u.contains("ETHUSDT-1m-2024-05-01") || u.contains("ETHUSDT-1m-2024-05-02"))
        .noneMatch(u -> u.contains("OLDUSDT-1m-2024-05-03") || u.contains("GONEUSDT-1m"));
    Cli.Result status = Cli.run(env, CLOCK, "status");
    assertThat(status.out()).contains("BTCUSDT").contains("ETHUSDT").contains("OLDUSDT");
  }

  @Test
  void patternsMatchingNothingAndBrokenListingsAreOneLineAndStoreNothing() throws Exception {
    assertOneLineUserError(
        Cli.run(env, CLOCK, "symbols", "*DOGE"), "no spot symbol matches *DOGE among the 6");
    assertOneLineUserError(
        Cli.run(env, CLOCK, "collect", "--symbols", "ZZZ*", "--days", "2"),
        "no spot symbol matches ZZZ*");
    assertOneLineUserError(
        Cli.run(env, CLOCK, "collect", "--symbols", "BTC-*"), "--symbols 'BTC-*' is not a symbol");
    assertOneLineUserError(
        Cli.run(env, CLOCK, "collect", "--symbols", "*USDT", "--source", "synthetic"),
        "--symbols patterns and --quote pick from the archive's listing");
    assertOneLineUserError(
        Cli.run(env, CLOCK, "collect", "--symbols", "NEWUSDT,GONE*", "--start", "2024-05-08"),
        "none of the 2 matching symbols has archived 1m files");
    Path cache = home.resolve("cache/symbols-spot-1m.json");
    String before = Files.readString(cache);
    for (String how : List.of("html", "cut", "error", "endless")) {
      binance.breakListing(how);
      Cli.Result broken = Cli.run(env, CLOCK, "symbols", "--refresh");
      assertOneLineUserError(broken, "page 2 of");
    }
    assertThat(Files.readString(cache))
        .as("the cache a broken listing left alone")
        .isEqualTo(before);
    env.put("CRYPTO_ANOMALY_BINANCE__LISTING_URL", "http://127.0.0.1:1/bucket");
    assertOneLineUserError(
        Cli.run(env, CLOCK, "collect", "--symbols", "all", "--days", "2"), "cannot reach");
    assertThat(
            Files.exists(home.resolve("crypto-anomaly.db"))
                ? Cli.run(env, CLOCK, "status").out()
                : "")
        .doesNotContain("BTCUSDT");
  }

  @Test
  void hundredsOfSymbolsAreSummedUpByOutcomeNotListedOneByOne() throws Exception {
    for (int i = 0; i < 24; i++) {
      publish("S" + i + "USDT", LocalDate.parse("2024-05-01"), 2);
      binance.listSymbol("S" + i + "USDT", "TRADING", "S" + i, "USDT");
    }
    publish("S24USDT", LocalDate.parse("2024-04-30"), 1); // a day missing in the middle
    publish("S24USDT", LocalDate.parse("2024-05-02"), 1);
    publish("S25USDT", LocalDate.parse("2024-04-20"), 1); // trading, its archive stops early
    binance.listSymbol("S24USDT", "TRADING", "S24", "USDT");
    binance.listSymbol("S25USDT", "TRADING", "S25", "USDT");
    String[] collect = {
      "collect", "--symbols", "S*", "--start", "2024-05-01", "--end", "2024-05-02"
    };
    Cli.Result r = Cli.run(env, CLOCK, collect);
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("S25USDT: archived to 2024-04-20, before the period")
        .contains("25 symbols: 25 with new candles, 0 already complete, 1 with gaps, 0 with errors")
        .contains("files stored 49, already had 0, not published 1")
        .contains("  S24USDT: 1 files not published")
        .doesNotContain("S3USDT ");
    Cli.Result again = Cli.run(env, CLOCK, collect);
    assertThat(again.exit()).as(again.err()).isZero();
    assertThat(again.out()).contains("25 symbols: 0 with new candles, 24 already complete");
  }

  @Test
  void updateCollectsADelistedSymbolOnlyToItsLastArchivedDay() throws Exception {
    String[] collect = {
      "collect", "--symbols", "*USDT", "--start", "2024-05-01", "--end", "2024-05-04"
    };
    assertThat(Cli.run(env, CLOCK, collect).exit()).isZero();
    int before = binance.requests().size();
    Cli.Result updated = Cli.run(env, CLOCK, "update", "--symbols", "OLDUSDT");
    assertThat(updated.exit()).as(updated.err()).isZero();
    assertThat(updated.out()).contains("OLDUSDT").contains("delisted, archived to 2024-05-02");
    assertThat(binance.requests().subList(before, binance.requests().size()))
        .as("no probing of days after the delisting, no REST top-up")
        .noneMatch(u -> u.contains("OLDUSDT-1m-2024-05-0") && !u.contains("2024-05-02"))
        .noneMatch(u -> u.contains("klines?symbol=OLDUSDT"));
  }
}
