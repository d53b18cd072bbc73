package dev.cryptoanomaly.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cryptoanomaly.alert.AlertIds;
import dev.cryptoanomaly.alert.Incident;
import dev.cryptoanomaly.alert.IncidentBuilder;
import dev.cryptoanomaly.alert.IncidentRule;
import dev.cryptoanomaly.alert.IncidentScope;
import dev.cryptoanomaly.alert.IncidentSource;
import dev.cryptoanomaly.alert.Severity;
import dev.cryptoanomaly.alert.TriageEntry;
import dev.cryptoanomaly.alert.TriageState;
import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Kline;
import dev.cryptoanomaly.kline.Market;
import dev.cryptoanomaly.kline.SeriesKey;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link KlineStore} backend passes. A backend's test extends this and says how
 * to open a fresh, empty store.
 */
public abstract class KlineStoreContract {
  public static final SeriesKey BTC = new SeriesKey(Market.SPOT, "BTCUSDT", Interval.M1);
  protected static final SeriesKey ETH = new SeriesKey(Market.SPOT, "ETHUSDT", Interval.M1);
  public static final long T0 = 1714521600000L; // 2024-05-01

  protected KlineStore store;

  /** A new, empty store. */
  protected abstract KlineStore openEmptyStore() throws Exception;

  @BeforeEach
  void openStore() throws Exception {
    store = openEmptyStore();
  }

  @AfterEach
  void closeStore() {
    if (store != null) { // null when the backend's server was not there to open it
      store.close();
    }
  }

  public static Kline candle(long openTime, double close) {
    return Kline.ohlcv(Interval.M1, openTime, close, close + 1, close - 1, close, 10);
  }

  public static List<Kline> run(long from, int n) {
    List<Kline> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(candle(from + i * 60_000L, 100 + i));
    }
    return out;
  }

  public static Provenance ledger(String source, SeriesKey series, long rows) {
    return new Provenance(
        source,
        Provenance.Kind.IMPORT,
        series,
        T0,
        T0 + 86_400_000L,
        Provenance.Status.OK,
        "ab".repeat(32),
        rows,
        0,
        0,
        null,
        1);
  }

  @Test
  void anomaliesOfAModelVersionAreReplacedPerPeriodNeverDuplicated() {
    StoredAnomaly a =
        new StoredAnomaly(
            T0 + 60_000,
            "m",
            1,
            T0,
            T0 + 120_000,
            3,
            9.5,
            1e-5,
            Severity.HIGH,
            "{\"regime\":0}",
            1L);
    StoredAnomaly b =
        new StoredAnomaly(
            T0 + 3_600_000,
            "m",
            1,
            T0 + 3_600_000,
            T0 + 3_600_000,
            1,
            7.0,
            1e-4,
            Severity.WARNING,
            "{}",
            1L);
    store.replaceAnomalies(BTC, "m", 1, T0, T0 + 86_400_000, List.of(a, b));
    store.replaceAnomalies(BTC, "m", 1, T0, T0 + 86_400_000, List.of(a, b));
    store.replaceAnomalies(BTC, "m", 2, T0, T0 + 86_400_000, List.of(b));
    assertThat(store.anomalies(BTC, T0, T0 + 86_400_000))
        .containsExactly(
            a,
            b,
            new StoredAnomaly(
                b.openTime(),
                "m",
                2,
                b.firstHit(),
                b.lastHit(),
                1,
                7.0,
                1e-4,
                Severity.WARNING,
                "{}",
                1L));
    // Re-detecting the first half hour finds nothing there now: a goes, b stays.
    store.replaceAnomalies(BTC, "m", 1, T0, T0 + 1_800_000, List.of());
    assertThat(store.anomalies(BTC, T0, T0 + 86_400_000))
        .extracting(StoredAnomaly::openTime)
        .containsExactly(b.openTime(), b.openTime());
    assertThat(store.anomalies(ETH, 0, Long.MAX_VALUE)).isEmpty();
  }

  @Test
  void candlesAcrossMonthAndYearBoundariesAreStoredAndReadBack() {
    long newYearsEve = 1704065400000L; // 2023-12-31T23:30Z
    List<Kline> first = run(newYearsEve, 60);
    List<Kline> later = run(T0 - 30 * 60_000L, 60); // across 2024-05-01
    store.write(BTC, first, null);
    store.write(BTC, later, null);
    List<Kline> all = new ArrayList<>(first);
    all.addAll(later);
    assertThat(store.read(BTC, 0, Long.MAX_VALUE)).isEqualTo(all);
    long newYear = 1704067200000L;
    List<Kline> between = new ArrayList<>(first.subList(30, 60));
    between.addAll(later.subList(0, 30));
    assertThat(store.read(BTC, newYear, T0)).isEqualTo(between);
  }

  @Test
  void emptyStoreHasNoSeries() {
    assertThat(store.series()).isEmpty();
    assertThat(store.coverage()).isEmpty();
    assertThat(store.lastOpenTime(BTC)).isEmpty();
    assertThat(store.read(BTC, 0, Long.MAX_VALUE)).isEmpty();
  }

  @Test
  void writesAndReadsBackExactly() {
    List<Kline> klines = run(T0, 100);
    assertThat(store.write(BTC, klines, ledger("a", BTC, 100))).isEqualTo(100);
    assertThat(store.read(BTC, 0, Long.MAX_VALUE)).isEqualTo(klines);
    assertThat(store.read(BTC, T0 + 60_000L * 10, T0 + 60_000L * 20))
        .isEqualTo(klines.subList(10, 20));
    assertThat(store.count(BTC)).isEqualTo(100);
    assertThat(store.firstOpenTime(BTC)).hasValue(T0);
    assertThat(store.lastOpenTime(BTC)).hasValue(T0 + 99 * 60_000L);
    assertThat(store.count(ETH)).isZero();
  }

  @Test
  void rewritingIsIdempotentAndTheLastWriteWins() {
    store.write(BTC, run(T0, 50), ledger("a", BTC, 50));
    store.write(BTC, run(T0, 50), ledger("a", BTC, 50));
    List<Kline> changed = List.of(candle(T0, 999));
    store.write(BTC, changed, ledger("b", BTC, 1));
    assertThat(store.count(BTC)).isEqualTo(50);
    assertThat(store.read(BTC, T0, T0 + 1).get(0).close()).isEqualTo(999);
  }

  @Test
  void seriesAreKeptApart() {
    store.write(BTC, run(T0, 10), ledger("a", BTC, 10));
    store.write(ETH, run(T0, 5), ledger("b", ETH, 5));
    SeriesKey futures = new SeriesKey(Market.FUTURES_UM, "BTCUSDT", Interval.M1);
    store.write(futures, run(T0, 3), ledger("c", futures, 3));
    assertThat(store.series()).containsExactlyInAnyOrder(BTC, ETH, futures);
    assertThat(store.count(BTC)).isEqualTo(10);
    assertThat(store.count(futures)).isEqualTo(3);
  }

  @Test
  void gapsAndCoverageCountMissingCandles() {
    List<Kline> klines = new ArrayList<>(run(T0, 10));
    klines.addAll(run(T0 + 15 * 60_000L, 5)); // 10..14 missing
    klines.addAll(run(T0 + 21 * 60_000L, 1)); // 20 missing
    store.write(BTC, klines, ledger("a", BTC, klines.size()));
    assertThat(store.gaps(BTC))
        .containsExactly(
            new Gap(T0 + 10 * 60_000L, T0 + 15 * 60_000L, 5),
            new Gap(T0 + 20 * 60_000L, T0 + 21 * 60_000L, 1));
    assertThat(store.coverage())
        .containsExactly(
            new SeriesCoverage(
                BTC, T0, T0 + 21 * 60_000L, 16, 6, 2, java.util.Set.of(Provenance.Kind.IMPORT)));
    // Simulated candles beside imported ones: the series says both.
    store.write(
        BTC,
        run(T0 + 30 * 60_000L, 2),
        new Provenance(
            "synthetic:42",
            Provenance.Kind.SYNTHETIC,
            BTC,
            T0,
            T0 + 86_400_000L,
            Provenance.Status.OK,
            null,
            2,
            0,
            0,
            null,
            1));
    assertThat(store.coverage().get(0).sourceLabel()).isEqualTo("import+simulated");
  }

  @Test
  void provenanceRoundTripsAndUpdatesBySource() {
    Provenance absent =
        new Provenance(
            "data/spot/daily/klines/BTCUSDT/1m/BTCUSDT-1m-2024-05-02.zip",
            Provenance.Kind.ARCHIVE,
            BTC,
            T0,
            T0 + 1,
            Provenance.Status.ABSENT,
            null,
            0,
            0,
            0,
            "not published",
            5);
    store.record(absent);
    assertThat(store.provenance(absent.source())).contains(absent);
    Provenance ok = ledger(absent.source(), BTC, 1440);
    store.write(BTC, run(T0, 3), ok);
    assertThat(store.provenance(absent.source()))
        .get()
        .extracting(Provenance::status)
        .isEqualTo(Provenance.Status.OK);
    assertThat(store.provenance(BTC)).hasSize(1);
    assertThat(store.provenance("nothing")).isEmpty();
  }

  @Test
  void featureRowsRoundTripAndUpsertBySetAndOpenTime() {
    String set = "v1:volatility,log_return";
    List<FeatureRows.Row> rows =
        List.of(
            new FeatureRows.Row(T0, new double[] {0.01, Double.NaN}, "warmup_or_gap"),
            new FeatureRows.Row(T0 + 60_000, new double[] {0.02, -1e-300}, null));
    assertThat(store.writeFeatures(BTC, new FeatureRows(set, 2, rows))).isEqualTo(2);
    store.writeFeatures(
        BTC,
        new FeatureRows(
            set, 2, List.of(new FeatureRows.Row(T0 + 60_000, new double[] {0.03, 0.5}, null))));
    store.writeFeatures(
        BTC,
        new FeatureRows("v1:rsi", 1, List.of(new FeatureRows.Row(T0, new double[] {50}, null))));

    FeatureRows back = store.readFeatures(BTC, set, 2, T0, T0 + 120_000);
    assertThat(back.rows()).hasSize(2);
    assertThat(back.rows().get(0).values()).containsExactly(0.01, Double.NaN);
    assertThat(back.rows().get(0).exclusion()).isEqualTo("warmup_or_gap");
    assertThat(back.rows().get(1).values()).containsExactly(0.03, 0.5);
    assertThat(back.rows().get(1).exclusion()).isNull();
    assertThat(store.readFeatures(BTC, "v1:rsi", 1, T0, T0 + 120_000).rows()).hasSize(1);
    assertThat(store.readFeatures(ETH, set, 2, T0, T0 + 120_000).rows()).isEmpty();
    assertThat(store.readFeatures(BTC, "v9:none", 1, T0, T0 + 120_000).rows()).isEmpty();
  }

  private static StoredAnomaly group(long firstHit, long lastHit, long peak, int hits, long at) {
    return new StoredAnomaly(
        peak, "m", 1, firstHit, lastHit, hits, 9.5, 1e-4, Severity.HIGH, "{\"regime\":0}", at);
  }

  @Test
  void streamDecisionsAreStoredOnceAndAlertGroupsReplacedByFirstHit() {
    store.write(BTC, run(T0, 10), null);
    StoredDecision excluded =
        new StoredDecision(T0, Double.NaN, Double.NaN, false, "warmup", null, -1, 5);
    StoredDecision hit =
        new StoredDecision(T0 + 60_000, 9.5, 1e-4, true, null, Severity.HIGH, 7, 9);
    store.writeDetections(
        "m",
        1,
        List.of(
            new SeriesDetections(
                BTC,
                List.of(excluded, hit),
                List.of(group(T0 + 60_000, T0 + 60_000, T0 + 60_000, 1, 1)))));
    // A redelivery with other values changes no decision; the group grows and its peak moves.
    StoredDecision again = new StoredDecision(T0 + 60_000, 1, 0.5, false, null, null, 8, 10);
    StoredDecision next = new StoredDecision(T0 + 120_000, 12, 1e-5, true, null, null, 9, 11);
    store.writeDetections(
        "m",
        1,
        List.of(
            new SeriesDetections(
                BTC,
                List.of(again, next),
                List.of(group(T0 + 60_000, T0 + 120_000, T0 + 120_000, 2, 2)))));

    List<StoredDecision> stored = store.decisions(BTC, "m", 1, T0, T0 + 600_000);
    assertThat(stored).hasSize(3);
    assertThat(stored.get(0).score()).isNaN();
    assertThat(stored.get(0).exclusion()).isEqualTo("warmup");
    assertThat(stored.get(0).publishedAtMicros()).isEqualTo(-1);
    assertThat(stored.get(1)).isEqualTo(hit);
    assertThat(stored.get(2)).isEqualTo(next);
    assertThat(store.lastDecision(BTC, "m", 1)).hasValue(T0 + 120_000);
    assertThat(store.lastDecision(BTC, "m", 2)).isEmpty();
    assertThat(store.lastDecision(ETH, "m", 1)).isEmpty();
    assertThat(store.anomalies(BTC, T0, T0 + 600_000))
        .containsExactly(group(T0 + 60_000, T0 + 120_000, T0 + 120_000, 2, 2));
    assertThat(store.latestAnomaly(BTC, "m", 1))
        .hasValue(group(T0 + 60_000, T0 + 120_000, T0 + 120_000, 2, 2));
    assertThat(store.latestAnomaly(BTC, "m", 2)).isEmpty();
    assertThat(store.anomaliesDetectedAfter(1, 10))
        .containsExactly(
            new SeriesAnomaly(BTC, group(T0 + 60_000, T0 + 120_000, T0 + 120_000, 2, 2)));
    assertThat(store.anomaliesDetectedAfter(2, 10)).isEmpty();
    store.writeDetections(
        "m", 1, List.of(new SeriesDetections(ETH, List.of(), List.of(group(T0, T0, T0, 1, 3)))));
    assertThat(store.latestAnomalies(10))
        .isEqualTo(store.anomaliesDetectedAfter(Long.MIN_VALUE, 10))
        .hasSize(2);
    assertThat(store.latestAnomalies(1))
        .containsExactly(new SeriesAnomaly(ETH, group(T0, T0, T0, 1, 3)));
  }

  /**
   * One detect run stores all its alerts with one detection time: the latest are then the newest
   * candles, whatever the symbol (alphabetical order once left BTCUSDT's out of the Overview).
   */
  @Test
  void theLatestAlertsOfOneRunAreTheNewestCandles() {
    long at = 5;
    store.writeDetections(
        "m",
        1,
        List.of(
            new SeriesDetections(
                BTC, List.of(), List.of(group(T0 + 600_000, T0 + 600_000, T0 + 600_000, 1, at))),
            new SeriesDetections(ETH, List.of(), List.of(group(T0, T0, T0, 1, at)))));
    assertThat(store.latestAnomalies(1))
        .containsExactly(
            new SeriesAnomaly(BTC, group(T0 + 600_000, T0 + 600_000, T0 + 600_000, 1, at)));
    assertThat(store.latestAnomalies(2)).isEqualTo(store.anomaliesDetectedAfter(Long.MIN_VALUE, 2));
    assertThat(store.latestAnomalies(2).get(0).series()).isEqualTo(ETH);
  }

  @Test
  void announcementsAreRecordedOnceAndRemembered() {
    assertThat(store.announced(List.of("a", "b"))).isEmpty();
    store.markAnnounced(List.of("a"), 1_000);
    store.markAnnounced(List.of("a", "b"), 2_000);
    assertThat(store.announced(List.of("a", "b", "c"))).containsExactlyInAnyOrder("a", "b");
    assertThat(store.announced(List.of())).isEmpty();
    store.markAnnounced(List.of(), 3_000);
  }

  /**
   * The coverage the writes keep agrees with a plain walk over what was written, after appends,
   * inserts into gaps, overwrites, writes that span old gaps and deletes, in any order.
   */
  @Test
  void coverageKeptOnWriteAgreesWithAWalkOverTheCandles() {
    java.util.Random random = new java.util.Random(20);
    java.util.TreeSet<Long> btc = new java.util.TreeSet<>();
    java.util.TreeSet<Long> eth = new java.util.TreeSet<>();
    for (int step = 0; step < 60; step++) {
      boolean toBtc = random.nextInt(4) > 0;
      SeriesKey key = toBtc ? BTC : ETH;
      java.util.TreeSet<Long> written = toBtc ? btc : eth;
      if (step % 17 == 16) {
        assertThat(store.deleteSeries(key)).isEqualTo(written.size());
        written.clear();
      } else {
        long start = T0 + random.nextInt(400) * 60_000L;
        List<Kline> chunk = new ArrayList<>();
        for (int i = 0; i < 1 + random.nextInt(50); i++) {
          if (random.nextInt(5) > 0) { // holes inside a chunk too
            chunk.add(candle(start + i * 60_000L, 100 + step));
          }
        }
        java.util.Collections.shuffle(chunk, random);
        store.write(key, chunk, ledger("chunk-" + step, key, chunk.size()));
        chunk.forEach(k -> written.add(k.openTime()));
      }
      List<SeriesCoverage> expected = new ArrayList<>();
      for (SeriesKey k : List.of(BTC, ETH)) {
        java.util.TreeSet<Long> times = k.equals(BTC) ? btc : eth;
        assertThat(store.gaps(k))
            .as("gaps of %s after step %d", k, step)
            .isEqualTo(ReferenceCoverage.gaps(k, times));
        if (!times.isEmpty()) {
          expected.add(ReferenceCoverage.of(k, times, java.util.Set.of(Provenance.Kind.IMPORT)));
        }
      }
      assertThat(store.coverage()).as("coverage after step %d", step).isEqualTo(expected);
    }
  }

  @Test
  void deletingASeriesDropsItsCandlesDerivedRowsAndLedgerAndNothingElse() {
    store.write(BTC, run(T0, 30), ledger("btc", BTC, 30));
    store.write(ETH, run(T0, 10), ledger("eth", ETH, 10));
    store.writeDetections(
        "m", 1, List.of(new SeriesDetections(BTC, List.of(), List.of(group(T0, T0, T0, 1, 5)))));
    assertThat(store.deleteSeries(BTC)).isEqualTo(30);
    assertThat(store.series()).containsExactly(ETH);
    assertThat(store.provenance(BTC)).isEmpty();
    assertThat(store.gaps(BTC)).isEmpty();
    assertThat(store.latestAnomalies(10)).isEmpty();
    assertThat(store.count(ETH)).isEqualTo(10);
    assertThat(store.deleteSeries(BTC)).as("a second delete finds nothing").isZero();
    // Written again, the series starts afresh.
    store.write(BTC, run(T0 + 100 * 60_000L, 3), ledger("btc2", BTC, 3));
    assertThat(store.coverage().get(0))
        .isEqualTo(
            new SeriesCoverage(
                BTC,
                T0 + 100 * 60_000L,
                T0 + 102 * 60_000L,
                3,
                0,
                0,
                java.util.Set.of(Provenance.Kind.IMPORT)));
  }

  @Test
  void alertsAreFilteredBySymbolSeverityModelIntervalSourceAndPeriodNewestFirst() {
    SeriesKey btc5 = new SeriesKey(Market.SPOT, "BTCUSDT", Interval.M5);
    store.write(BTC, run(T0, 3), ledger("real", BTC, 3));
    store.write(
        ETH,
        run(T0, 3),
        new Provenance(
            "synthetic:1",
            Provenance.Kind.SYNTHETIC,
            ETH,
            T0,
            T0 + 1,
            Provenance.Status.OK,
            null,
            3,
            0,
            0,
            null,
            1));
    StoredAnomaly warning =
        new StoredAnomaly(T0, "m", 1, T0, T0, 1, 5, 1e-2, Severity.WARNING, "{}", 1);
    StoredAnomaly critical =
        new StoredAnomaly(
            T0 + 120_000,
            "m",
            2,
            T0 + 60_000,
            T0 + 120_000,
            2,
            9,
            1e-6,
            Severity.CRITICAL,
            "{}",
            1);
    store.writeDetections(
        "m",
        1,
        List.of(
            new SeriesDetections(BTC, List.of(), List.of(warning)),
            new SeriesDetections(ETH, List.of(), List.of(warning))));
    store.writeDetections("m", 2, List.of(new SeriesDetections(BTC, List.of(), List.of(critical))));
    store.writeDetections(
        "other", 1, List.of(new SeriesDetections(btc5, List.of(), List.of(warning))));

    assertThat(store.alerts(AlertQuery.latest(10)))
        .extracting(a -> a.anomaly().openTime())
        .containsExactly(T0 + 120_000, T0, T0, T0);
    assertThat(store.alerts(AlertQuery.latest(1))).hasSize(1);
    assertThat(
            store.alerts(
                new AlertQuery(
                    null, List.of("BTCUSDT"), Interval.M1, null, null, null, null, null, null, 10)))
        .extracting(a -> a.anomaly().modelVersion())
        .containsExactly(2, 1);
    assertThat(
            store.alerts(
                new AlertQuery(null, null, null, Severity.HIGH, null, null, null, null, null, 10)))
        .containsExactly(new SeriesAnomaly(BTC, critical));
    assertThat(store.alerts(new AlertQuery(null, null, null, null, "m", 1, null, null, null, 10)))
        .extracting(SeriesAnomaly::series)
        .containsExactlyInAnyOrder(BTC, ETH);
    assertThat(
            store.alerts(
                new AlertQuery(null, null, null, null, "other", null, null, null, null, 10)))
        .extracting(SeriesAnomaly::series)
        .containsExactly(btc5);
    assertThat(
            store.alerts(
                new AlertQuery(
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    java.util.Set.of(Provenance.Kind.SYNTHETIC),
                    null,
                    null,
                    10)))
        .extracting(SeriesAnomaly::series)
        .containsExactly(ETH);
    assertThat(
            store.alerts(
                new AlertQuery(
                    Market.SPOT, null, null, null, null, null, null, T0 + 1, T0 + 180_000, 10)))
        .containsExactly(new SeriesAnomaly(BTC, critical));

    // What `alerts --follow` applies to each announced alert decides as the query does.
    java.util.Map<SeriesKey, java.util.Set<Provenance.Kind>> sources =
        store.coverage().stream()
            .collect(
                java.util.stream.Collectors.toMap(SeriesCoverage::series, SeriesCoverage::sources));
    List<SeriesAnomaly> all = store.alerts(AlertQuery.latest(100));
    for (AlertQuery q :
        List.of(
            new AlertQuery(
                null, List.of("BTCUSDT"), Interval.M1, null, null, null, null, null, null, 100),
            new AlertQuery(null, null, null, Severity.HIGH, null, null, null, null, null, 100),
            new AlertQuery(null, null, null, null, "m", 1, null, null, null, 100),
            new AlertQuery(null, null, null, null, "other", null, null, null, null, 100),
            new AlertQuery(
                null,
                null,
                null,
                null,
                null,
                null,
                java.util.Set.of(Provenance.Kind.SYNTHETIC),
                null,
                null,
                100),
            new AlertQuery(
                Market.SPOT, null, null, null, null, null, null, T0 + 1, T0 + 180_000, 100))) {
      assertThat(
              all.stream()
                  .filter(a -> q.admits(a, sources.getOrDefault(a.series(), java.util.Set.of())))
                  .toList())
          .as(q.toString())
          .containsExactlyElementsOf(store.alerts(q));
    }
  }

  /** Incident members made from whole stored alerts: what {@code incidentMembers} must read. */
  private static List<dev.cryptoanomaly.alert.IncidentMember> membersOf(
      List<SeriesAnomaly> alerts) {
    return alerts.stream()
        .map(
            a ->
                new dev.cryptoanomaly.alert.IncidentMember(
                    a.series().symbol(),
                    a.id(),
                    a.anomaly().firstHit(),
                    a.anomaly().lastHit(),
                    a.anomaly().openTime(),
                    a.anomaly().probability(),
                    a.anomaly().severity()))
        .toList();
  }

  private static StoredAnomaly alertAt(long first, long last, double p) {
    return new StoredAnomaly(first, "m", 1, first, last, 1, 5, p, Severity.HIGH, "{}", 1L);
  }

  @Test
  void incidentsAreRebuiltFromStoredAlertsAndKeepTheirIdAsTheyGrow() {
    IncidentSource source = new IncidentSource(Market.SPOT, Interval.M1, "m", 1);
    IncidentBuilder builder =
        new IncidentBuilder(
            source, 1_800_000, IncidentRule.DEFAULT, List.of("BTCUSDT", "ETHUSDT", "SOLUSDT"));
    long day = 86_400_000;
    store.replaceAnomalies(BTC, "m", 1, T0, T0 + day, List.of(alertAt(T0, T0 + 600_000, 1e-5)));
    assertThat(store.incidentMembers(source, T0, T0 + day))
        .as("what building incidents reads")
        .isEqualTo(membersOf(store.sourceAlerts(source, T0, T0 + day)))
        .hasSize(1);
    List<Incident> first = IncidentLedger.rebuild(store, source, builder, T0, T0 + day, 5);
    assertThat(first)
        .singleElement()
        .extracting(Incident::scope)
        .isEqualTo(IncidentScope.SINGLE_ASSET);
    String id = first.getFirst().id();
    // ETH joins ten minutes after BTC's last hit; a rebuild over ETH's span alone finds BTC too.
    store.replaceAnomalies(
        ETH, "m", 1, T0, T0 + day, List.of(alertAt(T0 + 1_200_000, T0 + 1_500_000, 1e-4)));
    List<Incident> grown =
        IncidentLedger.rebuild(store, source, builder, T0 + 1_200_000, T0 + 1_500_000, 6);
    assertThat(grown)
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.id()).as("the id it was first stored under").isEqualTo(id);
              assertThat(i.symbols()).containsExactly("BTCUSDT", "ETHUSDT");
              assertThat(i.scope()).isEqualTo(IncidentScope.MARKET_WIDE);
            });
    assertThat(store.incident(id)).contains(grown.getFirst());
    assertThat(store.incidents(IncidentQuery.latest(10))).containsExactly(grown.getFirst());
    assertThat(
            store.incidents(
                new IncidentQuery(
                    null, null, null, IncidentScope.SINGLE_ASSET, null, null, null, 10)))
        .isEmpty();
    assertThat(
            store.incidents(new IncidentQuery(null, null, null, null, "ETHUSDT", null, null, 10)))
        .hasSize(1);
    assertThat(store.incidents(new IncidentQuery(null, null, null, null, "ETH", null, null, 10)))
        .isEmpty();
    assertThat(store.incidents(new IncidentQuery(null, null, null, null, null, T0 + day, null, 10)))
        .as("over before the day after")
        .isEmpty();
    // Detection again finds BTC's alert gone: the incident is ETH's alone, under the same id.
    store.replaceAnomalies(BTC, "m", 1, T0, T0 + day, List.of());
    List<Incident> shrunk = IncidentLedger.rebuild(store, source, builder, T0, T0 + day, 7);
    assertThat(shrunk).singleElement().satisfies(i -> assertThat(i.lead()).isEqualTo("ETHUSDT"));
    assertThat(shrunk.getFirst().id()).isEqualTo(id);
    assertThat(store.incidents(IncidentQuery.latest(10))).hasSize(1);
    // Built again with nothing changed: as stored, when it last changed.
    assertThat(IncidentLedger.rebuild(store, source, builder, T0, T0 + day, 8))
        .isEqualTo(shrunk)
        .singleElement()
        .extracting(Incident::updatedAt)
        .isEqualTo(7L);
    assertThat(store.incident(id)).contains(shrunk.getFirst());
  }

  @Test
  void aPerSymbolFamilyTakesTheAlertsOfItsMembersOnly() {
    long day = 86_400_000;
    for (String model : List.of("each.BTCUSDT", "eachother", "each")) {
      store.replaceAnomalies(
          BTC,
          model,
          2,
          T0,
          T0 + day,
          List.of(new StoredAnomaly(T0, model, 2, T0, T0, 1, 5, 1e-5, Severity.HIGH, "{}", 1L)));
    }
    IncidentSource family = new IncidentSource(Market.SPOT, Interval.M1, "each", 0);
    assertThat(store.sourceAlerts(family, T0, T0 + day))
        .extracting(a -> a.anomaly().model())
        .containsExactly("each.BTCUSDT");
    assertThat(store.incidentMembers(family, T0, T0 + day))
        .isEqualTo(membersOf(store.sourceAlerts(family, T0, T0 + day)));
    assertThat(
            store.sourceAlerts(new IncidentSource(Market.SPOT, Interval.M1, "each", 2), T0, T0 + 1))
        .extracting(a -> a.anomaly().model())
        .containsExactly("each");
  }

  @Test
  void alertsAreFoundByIdAndTriageIsKeptAsHistory() {
    store.replaceAnomalies(BTC, "m", 1, T0, T0 + 86_400_000, List.of(alertAt(T0, T0, 1e-5)));
    SeriesAnomaly stored = store.alerts(AlertQuery.latest(1)).getFirst();
    String id = AlertIds.alert(BTC, "m", 1, T0);
    assertThat(stored.id()).isEqualTo(id);
    assertThat(store.alert(id)).contains(stored);
    assertThat(store.alert(AlertIds.alert(ETH, "m", 1, T0))).isEmpty();
    store.addTriage(new TriageEntry(id, TriageState.DISMISSED, "noise", "ann", 10));
    store.addTriage(new TriageEntry(id, TriageState.CONFIRMED, "it was real", "bob", 20));
    store.addTriage(new TriageEntry("i0000000000000", TriageState.KNOWN_EVENT, "", "ann", 30));
    assertThat(store.triageHistory(id))
        .extracting(TriageEntry::state, TriageEntry::author)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(TriageState.DISMISSED, "ann"),
            org.assertj.core.groups.Tuple.tuple(TriageState.CONFIRMED, "bob"));
    assertThat(store.triageStates()).hasSize(2);
    assertThat(store.triageStates().get(id).note()).isEqualTo("it was real");
  }

  @Test
  void theAlertFeedIsFilteredByIncidentScopeIncidentAndLatestVerdict() {
    IncidentSource source = new IncidentSource(Market.SPOT, Interval.M1, "m", 1);
    IncidentBuilder builder =
        new IncidentBuilder(source, 1_800_000, IncidentRule.DEFAULT, List.of("BTCUSDT", "ETHUSDT"));
    long day = 86_400_000;
    long later = T0 + 6 * 3_600_000L;
    // BTC and ETH together (market-wide), then ETH alone six hours later (single-asset).
    store.replaceAnomalies(BTC, "m", 1, T0, T0 + day, List.of(alertAt(T0, T0 + 60_000, 1e-5)));
    store.replaceAnomalies(
        ETH,
        "m",
        1,
        T0,
        T0 + day,
        List.of(alertAt(T0 + 120_000, T0 + 180_000, 1e-5), alertAt(later, later, 1e-4)));
    List<Incident> incidents = IncidentLedger.rebuild(store, source, builder, T0, T0 + day, 5);
    assertThat(incidents)
        .extracting(Incident::scope)
        .containsExactly(IncidentScope.MARKET_WIDE, IncidentScope.SINGLE_ASSET);
    AlertQuery all = AlertQuery.latest(10);
    assertThat(store.alerts(all.narrowed(IncidentScope.MARKET_WIDE, null, null)))
        .extracting(a -> a.anomaly().firstHit())
        .containsExactlyInAnyOrder(T0, T0 + 120_000);
    assertThat(store.alerts(all.narrowed(IncidentScope.SINGLE_ASSET, null, null)))
        .extracting(a -> a.anomaly().firstHit())
        .containsExactly(later);
    assertThat(store.alerts(all.narrowed(null, incidents.getFirst().id(), null))).hasSize(2);
    assertThat(store.alerts(all.narrowed(null, "i0000000000000", null))).isEmpty();

    String eth = AlertIds.alert(ETH, "m", 1, later);
    store.addTriage(new TriageEntry(eth, TriageState.CONFIRMED, "", "ann", 10));
    AlertQuery.Triaged confirmed = new AlertQuery.Triaged(TriageState.CONFIRMED);
    assertThat(store.alerts(all.narrowed(null, null, confirmed)))
        .extracting(SeriesAnomaly::id)
        .containsExactly(eth);
    assertThat(store.alerts(all.narrowed(null, null, AlertQuery.Triaged.NOT_YET))).hasSize(2);
    // The latest verdict decides: dismissed after confirmed is dismissed.
    store.addTriage(new TriageEntry(eth, TriageState.DISMISSED, "", "bob", 20));
    assertThat(store.alerts(all.narrowed(null, null, confirmed))).isEmpty();
    assertThat(
            store.alerts(
                all.narrowed(
                    IncidentScope.SINGLE_ASSET,
                    null,
                    new AlertQuery.Triaged(TriageState.DISMISSED))))
        .extracting(SeriesAnomaly::id)
        .containsExactly(eth);
  }
}
