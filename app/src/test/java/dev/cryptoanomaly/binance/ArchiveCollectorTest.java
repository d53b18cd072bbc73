package dev.cryptoanomaly.binance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Kline;
import dev.cryptoanomaly.kline.Market;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.store.Gap;
import dev.cryptoanomaly.store.Provenance;
import dev.cryptoanomaly.store.embedded.SqliteKlineStore;
import dev.cryptoanomaly.testkit.FakeBinance;
import dev.cryptoanomaly.testkit.Markets;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end against a local server with data.binance.vision's layout and a REST endpoint. */
class ArchiveCollectorTest {
  static final SeriesKey BTC = new SeriesKey(Market.SPOT, "BTCUSDT", Interval.M1);
  static final Instant NOW = Instant.parse("2024-05-06T12:00:00Z");
  static final HttpFetcher.RetrySettings FAST =
      new HttpFetcher.RetrySettings(3, Duration.ofMillis(10), Duration.ofMillis(50));

  @TempDir Path home;
  FakeBinance binance;
  SqliteKlineStore store;
  List<Kline> truth;

  @BeforeEach
  void setUp() throws Exception {
    binance = new FakeBinance();
    store = SqliteKlineStore.open(home);
    truth = Markets.minutes("BTCUSDT", LocalDate.of(2024, 4, 1), 36);
  }

  @AfterEach
  void tearDown() {
    store.close();
    binance.close();
  }

  ArchiveCollector collector() {
    return new ArchiveCollector(
        store,
        new HttpFetcher(FAST, Duration.ofSeconds(10)),
        binance.archiveUri(),
        binance.apiUri(),
        home.resolve("downloads"),
        Clock.fixed(NOW, ZoneOffset.UTC),
        4);
  }

  CollectReport collect(SeriesKey series, LocalDate from, LocalDate to) {
    return collector()
        .collect(
            new CollectRequest(
                series.market(), List.of(series.symbol()), series.interval(), from, to),
            Progress.NONE);
  }

  static CollectRequest btcRequest(LocalDate from, LocalDate to) {
    return new CollectRequest(BTC.market(), List.of("BTCUSDT"), BTC.interval(), from, to);
  }

  /** April as a monthly file, May 1-3 daily (one 404, one with a header, one 500 first). */
  void publishBtc() {
    binance.publish(
        ArchiveFile.monthly(BTC, YearMonth.of(2024, 4)),
        Markets.between(truth, ms("2024-04-01"), ms("2024-05-01")),
        false,
        false);
    ArchiveFile may1 = ArchiveFile.daily(BTC, LocalDate.of(2024, 5, 1));
    binance.publish(may1, Markets.on(truth, LocalDate.of(2024, 5, 1)), false, false);
    binance.failTimes(may1.path(), 1);
    binance.publish(
        ArchiveFile.daily(BTC, LocalDate.of(2024, 5, 3)),
        Markets.on(truth, LocalDate.of(2024, 5, 3)),
        true,
        false);
    binance.serveRest(BTC, Markets.between(truth, ms("2024-05-02"), NOW.toEpochMilli() + 60_000));
  }

  static long ms(String day) {
    return LocalDate.parse(day).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
  }

  @Test
  void collectsMonthlyDailyAndRestTopUpWithGapsReported() {
    publishBtc();

    CollectReport report = collect(BTC, LocalDate.of(2024, 4, 1), LocalDate.of(2024, 5, 6));

    CollectReport.SymbolReport r = report.symbols().get(0);
    assertThat(r.badRows()).isEmpty();
    assertThat(r.errors()).isEmpty();
    assertThat(r.filesStored()).isEqualTo(3);
    // May 2 is old enough to be a real gap; May 4-5 are recent, so REST fills them and today.
    assertThat(r.notPublished())
        .containsExactly("data/spot/daily/klines/BTCUSDT/1m/BTCUSDT-1m-2024-05-02.zip");
    assertThat(r.archiveRows()).isEqualTo(30 * 1440 + 2 * 1440);
    assertThat(r.restRows()).isEqualTo(2 * 1440 + 720); // only closed candles of today
    assertThat(store.count(BTC)).isEqualTo(30 * 1440 + 4 * 1440 + 720);
    assertThat(store.gaps(BTC)).containsExactly(new Gap(ms("2024-05-02"), ms("2024-05-03"), 1440));
    assertThat(store.read(BTC, ms("2024-04-01"), ms("2024-04-02")))
        .isEqualTo(Markets.on(truth, LocalDate.of(2024, 4, 1)));
    assertThat(store.provenance("data/spot/daily/klines/BTCUSDT/1m/BTCUSDT-1m-2024-05-02.zip"))
        .get()
        .extracting(Provenance::status)
        .isEqualTo(Provenance.Status.ABSENT);
    assertThat(store.provenance("data/spot/monthly/klines/BTCUSDT/1m/BTCUSDT-1m-2024-04.zip"))
        .get()
        .satisfies(
            p -> {
              assertThat(p.rows()).isEqualTo(30 * 1440);
              assertThat(p.checksum()).hasSize(64);
              assertThat(p.gaps()).isZero();
            });
  }

  @Test
  void secondRunStoresNothingTwiceAndSkipsVerifiedFiles() {
    publishBtc();
    collect(BTC, LocalDate.of(2024, 4, 1), LocalDate.of(2024, 5, 6));
    long rows = store.count(BTC);
    int zipRequests = zipRequests();

    CollectReport again = collect(BTC, LocalDate.of(2024, 4, 1), LocalDate.of(2024, 5, 6));

    assertThat(store.count(BTC)).isEqualTo(rows);
    assertThat(again.symbols().get(0).filesSkipped()).isEqualTo(3);
    assertThat(zipRequests()).as("verified files are not downloaded again").isEqualTo(zipRequests);
  }

  private int zipRequests() {
    return (int) binance.requests().stream().filter(u -> u.endsWith(".zip")).count();
  }

  @Test
  void monthNotYetPublishedFallsBackToDailyFiles() {
    List<Kline> april = Markets.between(truth, ms("2024-04-01"), ms("2024-05-01"));
    for (LocalDate d = LocalDate.of(2024, 4, 1); d.getMonthValue() == 4; d = d.plusDays(1)) {
      binance.publish(ArchiveFile.daily(BTC, d), Markets.on(april, d), false, false);
    }

    CollectReport report = collect(BTC, LocalDate.of(2024, 4, 1), LocalDate.of(2024, 4, 30));

    assertThat(report.symbols().get(0).filesStored()).isEqualTo(30);
    assertThat(store.count(BTC)).isEqualTo(30 * 1440);
  }

  @Test
  void checksumMismatchIsAnErrorNamingTheFileAndStoresNothingFromIt() {
    publishBtc();
    ArchiveFile may3 = ArchiveFile.daily(BTC, LocalDate.of(2024, 5, 3));
    binance.corruptChecksum(may3);

    CollectReport report = collect(BTC, LocalDate.of(2024, 5, 3), LocalDate.of(2024, 5, 3));

    assertThat(report.hasErrors()).isTrue();
    assertThat(report.symbols().get(0).errors())
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("BTCUSDT-1m-2024-05-03.zip")
        .contains("checksum mismatch");
    assertThat(store.count(BTC)).isZero();
    assertThat(store.provenance(may3.path()))
        .get()
        .extracting(Provenance::status)
        .isEqualTo(Provenance.Status.CHECKSUM_MISMATCH);
    long downloads = binance.requests().stream().filter(u -> u.endsWith(may3.fileName())).count();
    assertThat(downloads).as("re-downloaded once, then quarantined").isEqualTo(2);
  }

  @Test
  void microsecondFilesAreNormalisedToMilliseconds() {
    SeriesKey eth = new SeriesKey(Market.SPOT, "ETHUSDT", Interval.M1);
    List<Kline> day = Markets.on(truth, LocalDate.of(2024, 5, 1));
    binance.publish(ArchiveFile.daily(eth, LocalDate.of(2024, 5, 1)), day, false, true);

    collect(eth, LocalDate.of(2024, 5, 1), LocalDate.of(2024, 5, 1));

    List<Kline> stored = store.read(eth, 0, Long.MAX_VALUE);
    assertThat(stored).hasSize(1440);
    assertThat(stored.get(0).openTime()).isEqualTo(ms("2024-05-01"));
    assertThat(stored.get(0).closeTime()).isEqualTo(ms("2024-05-01") + 59_999);
    assertThat(stored.get(0).close())
        .isEqualTo(day.get(0).close(), org.assertj.core.data.Offset.offset(1e-8));
  }

  @Test
  void symbolWithNoFilesAtAllIsReported() {
    SeriesKey nope = new SeriesKey(Market.SPOT, "NOPEUSDT", Interval.M1);

    CollectReport report = collect(nope, LocalDate.of(2024, 4, 20), LocalDate.of(2024, 4, 22));

    assertThat(report.symbols().get(0).errors())
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("no klines found for spot NOPEUSDT 1m");
  }

  @Test
  void planUsesMonthlyFilesOnlyForWholeEndedMonths() {
    List<ArchiveFile> plan =
        ArchiveCollector.plan(
            BTC, LocalDate.of(2024, 3, 30), LocalDate.of(2024, 5, 6), LocalDate.of(2024, 5, 6));
    assertThat(plan.stream().map(ArchiveFile::fileName))
        .containsExactly(
            "BTCUSDT-1m-2024-03-30.zip",
            "BTCUSDT-1m-2024-03-31.zip",
            "BTCUSDT-1m-2024-04.zip",
            "BTCUSDT-1m-2024-05-01.zip",
            "BTCUSDT-1m-2024-05-02.zip",
            "BTCUSDT-1m-2024-05-03.zip",
            "BTCUSDT-1m-2024-05-04.zip",
            "BTCUSDT-1m-2024-05-05.zip");
  }

  @Test
  void aFileThatKeepsFailingIsReportedWhileEveryOtherFileFinishes() {
    publishBtc();
    ArchiveFile april = ArchiveFile.monthly(BTC, YearMonth.of(2024, 4));
    ArchiveFile may3 = ArchiveFile.daily(BTC, LocalDate.of(2024, 5, 3));
    binance.failTimes(april.checksumPath(), 1_000);
    binance.corruptChecksum(may3);

    CollectReport report = collect(BTC, LocalDate.of(2024, 4, 1), LocalDate.of(2024, 5, 3));

    CollectReport.SymbolReport r = report.symbols().get(0);
    assertThat(r.errors()).hasSize(2);
    assertThat(r.errors())
        .anySatisfy(
            e ->
                assertThat(e)
                    .startsWith(april.path() + ": ")
                    .contains("HTTP 500")
                    .endsWith("the next run tries it again"));
    assertThat(r.errors()).anySatisfy(e -> assertThat(e).contains(may3.fileName(), "mismatch"));
    assertThat(r.notPublished())
        .containsExactly("data/spot/daily/klines/BTCUSDT/1m/BTCUSDT-1m-2024-05-02.zip");
    assertThat(store.count(BTC)).isEqualTo(1440);
    assertThat(store.provenance(april.path())).as("left for the next run").isEmpty();
  }

  @Test
  void anArchiveThatNeverAnswersIsWaitedForBoundedlyAndSaysSo() {
    publishBtc();
    ArchiveFile may1 = ArchiveFile.daily(BTC, LocalDate.of(2024, 5, 1));
    binance.stall(may1.checksumPath());
    List<String> notices = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    ArchiveCollector collector =
        new ArchiveCollector(
            store,
            new HttpFetcher(
                new HttpFetcher.RetrySettings(
                    3, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(2)),
                Duration.ofMillis(300)),
            binance.archiveUri(),
            binance.apiUri(),
            home.resolve("downloads"),
            Clock.fixed(NOW, ZoneOffset.UTC),
            4);
    long started = System.nanoTime();

    CollectReport report =
        collector.collect(
            btcRequest(LocalDate.of(2024, 5, 1), LocalDate.of(2024, 5, 3)),
            new Progress() {
              @Override
              public void waiting(String message) {
                notices.add(message);
              }
            });

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
    assertThat(notices)
        .hasSize(3)
        .allSatisfy(n -> assertThat(n).contains(may1.checksumPath(), "retrying (attempt"));
    assertThat(report.symbols().get(0).errors())
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith(may1.path() + ": ");
    assertThat(store.count(BTC)).isEqualTo(1440);
  }

  @Test
  void aCancelledCollectionStopsAtTheNextFileAndReportsWhatItStored() {
    publishBtc();
    CollectReport report =
        collector()
            .collect(
                btcRequest(LocalDate.of(2024, 4, 1), LocalDate.of(2024, 5, 6)),
                new Progress() {
                  @Override
                  public void fileDone(long bytes, long rows) {
                    if (rows > 0) {
                      Thread.currentThread().interrupt();
                    }
                  }
                });
    boolean wasInterrupted = Thread.interrupted();

    assertThat(wasInterrupted).isTrue();
    assertThat(report.cancelled()).isTrue();
    assertThat(report.symbols().get(0).restRows()).isZero();
    assertThat(report.rows()).isEqualTo(store.count(BTC)).isPositive();
    assertThat(store.count(BTC)).isLessThan(30 * 1440 + 2 * 1440);
  }

  @Test
  void anArchiveNobodyAnswersIsOneLineNotOneErrorPerFile() {
    ArchiveCollector nowhere =
        new ArchiveCollector(
            store,
            new HttpFetcher(FAST, Duration.ofSeconds(2)),
            URI.create("http://127.0.0.1:9"),
            URI.create("http://127.0.0.1:9"),
            home.resolve("downloads"),
            Clock.fixed(NOW, ZoneOffset.UTC),
            4);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                nowhere.collect(
                    btcRequest(LocalDate.of(2024, 5, 1), LocalDate.of(2024, 5, 3)), Progress.NONE))
        .isInstanceOf(HttpFetcher.UnreachableException.class)
        .hasMessageStartingWith("cannot reach http://127.0.0.1:9");
  }

  @Test
  void anArchiveThatFailsEveryFileStopsAfterTheFirstWave() {
    for (LocalDate d = LocalDate.of(2024, 4, 1);
        d.isBefore(LocalDate.of(2024, 4, 21));
        d = d.plusDays(1)) {
      binance.failTimes(ArchiveFile.daily(BTC, d).checksumPath(), 1_000);
    }
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                collector()
                    .collect(
                        btcRequest(LocalDate.of(2024, 4, 1), LocalDate.of(2024, 4, 20)),
                        Progress.NONE))
        .isInstanceOf(HttpFetcher.UnreachableException.class)
        .hasMessageContaining("answered HTTP 500");
    long filesTried =
        binance.requests().stream().filter(u -> u.endsWith(".CHECKSUM")).distinct().count();
    assertThat(filesTried).as("of 20 planned").isLessThanOrEqualTo(8);
  }
}
