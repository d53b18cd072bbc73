package dev.cryptoanomaly.binance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Kline;
import dev.cryptoanomaly.kline.Market;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.testkit.FakeBinance;
import dev.cryptoanomaly.testkit.FakeBinanceStream;
import dev.cryptoanomaly.testkit.Markets;
import dev.cryptoanomaly.testkit.MutableClock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The live client against a local server speaking Binance's kline stream protocol, with the missed
 * candles served by a local REST endpoint.
 */
class BinanceKlineStreamTest {
  private static final List<String> SYMBOLS = List.of("BTCUSDT", "ETHUSDT", "SOLUSDT");
  private static final LocalDate DAY = LocalDate.of(2024, 3, 1);

  private FakeBinance rest;
  private FakeBinanceStream ws;
  private final Map<String, List<Kline>> candles = new LinkedHashMap<>();
  private final List<Map.Entry<SeriesKey, Kline>> received =
      Collections.synchronizedList(new ArrayList<>());
  private MutableClock clock;
  private Thread running;

  @BeforeEach
  void start() throws Exception {
    rest = new FakeBinance();
    ws = new FakeBinanceStream();
    for (String s : SYMBOLS) {
      List<Kline> all = Markets.minutes(s, DAY, 1).subList(0, 40);
      candles.put(s, all);
      rest.serveRest(new SeriesKey(Market.SPOT, s, Interval.M1), all);
    }
    clock = new MutableClock(candles.get("BTCUSDT").get(0).openTime());
  }

  @AfterEach
  void stop() throws Exception {
    if (running != null) {
      running.interrupt();
      running.join(5_000);
    }
    ws.close();
    rest.close();
  }

  private BinanceKlineStream client(Duration renewAfter, Map<String, Long> lastKnown) {
    BinanceKlineStream client =
        new BinanceKlineStream(
            ws.uri(),
            new RestKlinesClient(
                new HttpFetcher(HttpFetcher.RetrySettings.DEFAULT, Duration.ofSeconds(10)),
                rest.apiUri()),
            Market.SPOT,
            Interval.M1,
            SYMBOLS,
            lastKnown,
            clock,
            new BinanceKlineStream.Options(
                2,
                1,
                renewAfter,
                Duration.ofMillis(50),
                Duration.ofMillis(400),
                Duration.ofDays(2)));
    running =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    client.run((series, k) -> received.add(Map.entry(series, k)));
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
    return client;
  }

  /** Publishes candles [from, to) of every symbol: an open update, then the closed one. */
  private void publish(int from, int to) {
    for (int i = from; i < to; i++) {
      clock.set(candles.get("BTCUSDT").get(i).closeTime() + 1);
      for (String s : SYMBOLS) {
        Kline k = candles.get(s).get(i);
        ws.kline(s, Interval.M1, k, false);
        ws.kline(s, Interval.M1, k, true);
      }
    }
  }

  private void awaitSubscribed(int connections) {
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                ws.connections() >= connections
                    && ws.open() == 2
                    && ws.requests().stream().filter(r -> r.contains("SUBSCRIBE")).count()
                        >= connections / 2);
  }

  private List<Long> openTimes(String symbol) {
    synchronized (received) {
      return received.stream()
          .filter(e -> e.getKey().symbol().equals(symbol))
          .map(e -> e.getValue().openTime())
          .toList();
    }
  }

  private List<Long> expected(String symbol, int from, int to) {
    return candles.get(symbol).subList(from, to).stream().map(Kline::openTime).toList();
  }

  @Test
  void closedCandlesOnceInOrderAcrossDropsWithTheGapFilledFromRest() {
    BinanceKlineStream client = client(Duration.ofHours(23), Map.of());
    awaitSubscribed(2);
    publish(0, 10);
    await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 30);

    // Duplicates (a resent closed candle) and out-of-order (an old one) are dropped and counted.
    ws.kline("BTCUSDT", Interval.M1, candles.get("BTCUSDT").get(9), true);
    ws.kline("ETHUSDT", Interval.M1, candles.get("ETHUSDT").get(3), true);
    // Malformed frames are skipped and counted (each is sent on both connections).
    ws.raw("not json at all");
    ws.raw("{\"stream\":\"btcusdt@kline_1m\",\"data\":{\"e\":\"kline\",\"k\":{\"t\":\"soon\"}}}");
    ws.raw("{\"stream\":\"btcusdt@kline_1m\",\"data\":{\"e\":\"trade\"}}");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> client.stats().malformed.sum() == 6 && client.stats().late.sum() == 1);
    assertThat(client.stats().duplicates.sum()).isEqualTo(1);
    assertThat(client.stats().open.sum()).isEqualTo(30);

    // Pings are answered with the same payload.
    ws.ping("keepalive-1");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(ws.pongs()).containsExactly("keepalive-1", "keepalive-1"));

    // The network drops; candles 10..14 close while disconnected; they come from REST.
    ws.dropAll();
    clock.set(candles.get("BTCUSDT").get(14).closeTime() + 1);
    awaitSubscribed(4);
    publish(15, 20);
    await().atMost(Duration.ofSeconds(15)).until(() -> received.size() == 60);
    for (String s : SYMBOLS) {
      assertThat(openTimes(s)).as(s).isEqualTo(expected(s, 0, 20));
    }
    // At least the 5 missed candles of each symbol; more when a candle closed before the
    // reconnected stream delivered it (then its WebSocket copy is the duplicate).
    assertThat(client.stats().backfilled.sum()).isGreaterThanOrEqualTo(15);
    assertThat(rest.requests()).anyMatch(r -> r.contains("/api/v3/klines?symbol=BTCUSDT"));

    // A serverShutdown notice makes it reconnect at once.
    ws.raw("{\"stream\":\"!serverShutdown\",\"data\":{\"e\":\"serverShutdown\",\"E\":1}}");
    awaitSubscribed(6);
    publish(20, 22);
    await().atMost(Duration.ofSeconds(15)).until(() -> received.size() == 66);
    assertThat(openTimes("SOLUSDT")).isEqualTo(expected("SOLUSDT", 0, 22));
  }

  @Test
  void renewsBeforeTheLimitWithoutLosingOrRepeatingACandle() {
    BinanceKlineStream client = client(Duration.ofMillis(1_500), Map.of());
    awaitSubscribed(2);
    for (int i = 0; i < 20; i++) {
      publish(i, i + 1);
      sleep(150);
    }
    await().atMost(Duration.ofSeconds(15)).until(() -> client.stats().renewals.sum() >= 2);
    publish(20, 22);
    clock.set(candles.get("BTCUSDT").get(21).closeTime() + 1);
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> SYMBOLS.stream().allMatch(s -> openTimes(s).size() == 22));
    for (String s : SYMBOLS) {
      assertThat(openTimes(s)).as(s).isEqualTo(expected(s, 0, 22));
    }
  }

  @Test
  void startsFromTheLastStoredCandle() {
    long lastStored = candles.get("BTCUSDT").get(4).openTime();
    clock.set(candles.get("BTCUSDT").get(9).closeTime() + 1);
    client(Duration.ofHours(23), Map.of("BTCUSDT", lastStored));
    awaitSubscribed(2);
    publish(10, 11);
    await().atMost(Duration.ofSeconds(10)).until(() -> openTimes("BTCUSDT").size() == 6);
    assertThat(openTimes("BTCUSDT")).isEqualTo(expected("BTCUSDT", 5, 11));
    assertThat(openTimes("ETHUSDT")).isEqualTo(expected("ETHUSDT", 10, 11));
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
