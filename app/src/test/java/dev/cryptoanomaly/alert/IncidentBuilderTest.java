package dev.cryptoanomaly.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Market;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class IncidentBuilderTest {
  private static final long MIN = 60_000;
  private static final long COOLDOWN = 30 * MIN;
  private static final IncidentSource SOURCE = new IncidentSource(Market.SPOT, Interval.M1, "m", 1);
  private static final List<String> FIVE =
      List.of("BTCUSDT", "ETHUSDT", "SOLUSDT", "AVAXUSDT", "LINKUSDT");

  private static IncidentMember alert(String symbol, long first, long last, double p) {
    return new IncidentMember(symbol, symbol + first, first, last, first, p, Severity.WARNING);
  }

  private static IncidentBuilder builder() {
    return new IncidentBuilder(SOURCE, COOLDOWN, IncidentRule.DEFAULT, FIVE);
  }

  @Test
  void symbolsMovingTogetherWithTheReferenceAreOneMarketWideIncident() {
    List<Incident> found =
        builder()
            .build(
                List.of(
                    alert("ETHUSDT", 5 * MIN, 20 * MIN, 1e-4),
                    alert("BTCUSDT", 0, 10 * MIN, 1e-5),
                    alert("SOLUSDT", 8 * MIN, 55 * MIN, 1e-3),
                    // Starts while BTC and ETH are still active: part of the same move.
                    alert("AVAXUSDT", 35 * MIN, 40 * MIN, 1e-3),
                    // 31 minutes after the last of them stopped being active: on its own.
                    alert("LINKUSDT", 55 * MIN + COOLDOWN + MIN, 90 * MIN, 1e-3)),
                7);
    assertThat(found).hasSize(2);
    Incident crash = found.getFirst();
    assertThat(crash.lead()).isEqualTo("BTCUSDT");
    assertThat(crash.symbols()).containsExactly("BTCUSDT", "ETHUSDT", "SOLUSDT", "AVAXUSDT");
    assertThat(crash.onset()).isZero();
    assertThat(crash.lastHit()).isEqualTo(55 * MIN);
    assertThat(crash.peak().symbol()).isEqualTo("BTCUSDT");
    assertThat(crash.scope()).isEqualTo(IncidentScope.MARKET_WIDE);
    assertThat(found.get(1).scope()).isEqualTo(IncidentScope.SINGLE_ASSET);
    assertThat(found.get(1).symbols()).containsExactly("LINKUSDT");
  }

  @Test
  void coinsOverlappingWithoutTheMarketAreAnIncidentEach() {
    List<Incident> found =
        builder()
            .build(
                List.of(
                    alert("ETHUSDT", 0, 20 * MIN, 1e-4),
                    alert("SOLUSDT", 5 * MIN, 25 * MIN, 1e-4),
                    alert("AVAXUSDT", 10 * MIN, 30 * MIN, 1e-4)),
                7);
    assertThat(found).extracting(Incident::lead).containsExactly("ETHUSDT", "SOLUSDT", "AVAXUSDT");
    assertThat(found).allSatisfy(i -> assertThat(i.scope()).isEqualTo(IncidentScope.SINGLE_ASSET));
  }

  /**
   * The whole market's background (two alerts per symbol-day on 400 symbols, one every two minutes)
   * no longer chains into one incident spanning the period: only the shock, where most symbols move
   * with BTCUSDT within minutes, is market-wide.
   */
  @Test
  void theBackgroundOfFourHundredSymbolsStaysApartAndOnlyTheShockIsMarketWide() {
    List<String> symbols = new ArrayList<>(List.of("BTCUSDT"));
    for (int i = 1; i < 400; i++) {
      symbols.add("S" + i + "USDT");
    }
    Random rnd = new Random(3);
    List<IncidentMember> alerts = new ArrayList<>();
    long day = 1_440 * MIN;
    for (String s : symbols) {
      for (int k = 0; k < 20; k++) { // ten days
        long first = rnd.nextLong(10 * day / MIN) * MIN;
        alerts.add(
            new IncidentMember(
                s,
                s + "-" + k,
                first,
                first + rnd.nextInt(15) * MIN,
                first,
                1e-3,
                Severity.WARNING));
      }
    }
    long shock = 4 * day + 600 * MIN;
    for (String s : symbols.subList(0, 300)) {
      long first = shock + rnd.nextInt(5) * MIN;
      alerts.add(
          new IncidentMember(
              s, s + "-shock", first, first + 20 * MIN, first, 1e-6, Severity.CRITICAL));
    }
    List<Incident> found =
        new IncidentBuilder(SOURCE, COOLDOWN, IncidentRule.DEFAULT, symbols).build(alerts, 0);
    List<Incident> marketWide =
        found.stream().filter(i -> i.scope() == IncidentScope.MARKET_WIDE).toList();
    assertThat(marketWide).hasSize(1);
    Incident crash = marketWide.getFirst();
    assertThat(crash.symbols()).hasSizeGreaterThanOrEqualTo(300);
    assertThat(crash.onset()).isBetween(shock - COOLDOWN - 15 * MIN, shock);
    assertThat(crash.lastHit() - crash.onset()).isLessThan(3 * 60 * MIN);
    assertThat(found.stream().filter(i -> i != crash))
        .allSatisfy(i -> assertThat(i.members()).hasSize(1));
  }

  @Test
  void theScopeNeedsAMajorityWithTheReferenceOrAMajorityWhenTheReferenceIsNotWatched() {
    IncidentRule rule = IncidentRule.DEFAULT;
    assertThat(rule.scope(Set.of("BTCUSDT", "ETHUSDT"), FIVE))
        .as("two of five is no majority")
        .isEqualTo(IncidentScope.SINGLE_ASSET);
    assertThat(rule.scope(Set.of("ETHUSDT", "SOLUSDT", "AVAXUSDT"), FIVE))
        .as("without the reference the market did not move")
        .isEqualTo(IncidentScope.SINGLE_ASSET);
    assertThat(rule.scope(Set.of("BTCUSDT", "ETHUSDT", "SOLUSDT"), FIVE))
        .isEqualTo(IncidentScope.MARKET_WIDE);
    assertThat(rule.scope(Set.of("ETHUSDT", "SOLUSDT"), List.of("ETHUSDT", "SOLUSDT", "XRPUSDT")))
        .isEqualTo(IncidentScope.MARKET_WIDE);
    assertThat(rule.scope(Set.of("BTCUSDT"), List.of("BTCUSDT")))
        .as("one symbol is never the market")
        .isEqualTo(IncidentScope.SINGLE_ASSET);
    assertThat(new IncidentRule("BTCUSDT", 1.0).scope(Set.of("BTCUSDT", "ETHUSDT"), FIVE))
        .isEqualTo(IncidentScope.SINGLE_ASSET);
  }

  @Test
  void perSymbolModelsFormOneFamilyAndIdsAreDerivedAndWellFormed() {
    IncidentSource family =
        IncidentSource.of(Market.SPOT, Interval.M5, "each.BTCUSDT", 4, List.of("BTCUSDT"));
    assertThat(family).isEqualTo(new IncidentSource(Market.SPOT, Interval.M5, "each", 0));
    assertThat(IncidentSource.of(Market.SPOT, Interval.M5, "pool", 4, FIVE).family()).isFalse();
    String id = AlertIds.incident(SOURCE, 0, "BTCUSDT");
    assertThat(id).isEqualTo(AlertIds.incident(SOURCE, 0, "BTCUSDT")).hasSize(13).startsWith("i");
    assertThat(AlertIds.wellFormed(id)).isTrue();
    assertThat(AlertIds.wellFormed("i" + "u".repeat(12))).as("u is no base-32 digit").isFalse();
    assertThat(AlertIds.wellFormed("x123")).isFalse();
  }

  /**
   * Whatever the alerts and their order: each is in exactly one incident, the same ones whatever
   * the order, an incident of one alert is single-asset, and an incident of several is the market
   * moving (the sweep only groups alerts active during a market episode).
   */
  @Property(tries = 300)
  void everyAlertIsInExactlyOneIncidentWhateverTheOrder(
      @ForAll @IntRange(min = 1, max = 40) int n, @ForAll @LongRange(min = 0) long seed) {
    Random rnd = new Random(seed);
    List<IncidentMember> alerts = randomAlerts(n, rnd);
    List<Incident> found = builder().build(alerts, 0);
    List<IncidentMember> shuffled = new ArrayList<>(alerts);
    Collections.shuffle(shuffled, rnd);
    assertThat(builder().build(shuffled, 0)).isEqualTo(found);
    Set<String> seen = new HashSet<>();
    for (Incident i : found) {
      i.members().forEach(m -> assertThat(seen.add(m.alertId())).isTrue());
      assertThat(i.onset()).isEqualTo(i.members().getFirst().firstHit());
      if (i.members().size() == 1) {
        assertThat(i.scope()).isEqualTo(IncidentScope.SINGLE_ASSET);
      }
    }
    assertThat(seen).hasSize(n);
  }

  /**
   * What the ledger relies on: the incidents lying inside a span come out the same when only the
   * alerts within two cooldowns of it are built, as when every alert is.
   */
  @Property(tries = 300)
  void theIncidentsInsideASpanDependOnlyOnTheAlertsWithinTwoCooldownsOfIt(
      @ForAll @IntRange(min = 1, max = 60) int n,
      @ForAll @LongRange(min = 0) long seed,
      @ForAll @IntRange(min = 0, max = 2_000) int fromMinute,
      @ForAll @IntRange(min = 0, max = 600) int lengthMinutes) {
    List<IncidentMember> alerts = randomAlerts(n, new Random(seed));
    long lo = fromMinute * MIN;
    long hi = lo + lengthMinutes * MIN;
    List<IncidentMember> near =
        alerts.stream()
            .filter(a -> a.lastHit() >= lo - 2 * COOLDOWN && a.firstHit() <= hi + 2 * COOLDOWN)
            .toList();
    assertThat(inside(builder().build(near, 0), lo, hi))
        .isEqualTo(inside(builder().build(alerts, 0), lo, hi));
  }

  private static List<Incident> inside(List<Incident> incidents, long lo, long hi) {
    return incidents.stream().filter(i -> i.onset() >= lo && i.lastHit() <= hi).toList();
  }

  private static List<IncidentMember> randomAlerts(int n, Random rnd) {
    List<IncidentMember> alerts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long first = rnd.nextInt(2_000) * MIN;
      alerts.add(
          new IncidentMember(
              FIVE.get(rnd.nextInt(5)),
              "a" + i,
              first,
              first + rnd.nextInt(40) * MIN,
              first,
              rnd.nextDouble(),
              Severity.WARNING));
    }
    return alerts;
  }
}
