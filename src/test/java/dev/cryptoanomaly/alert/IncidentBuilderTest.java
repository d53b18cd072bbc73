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
  void alertsOfDifferentSymbolsOverlappingWithinTheCooldownAreOneIncident() {
    List<Incident> found =
        builder()
            .build(
                List.of(
                    alert("ETHUSDT", 5 * MIN, 20 * MIN, 1e-4),
                    alert("BTCUSDT", 0, 10 * MIN, 1e-5),
                    alert("SOLUSDT", 50 * MIN, 55 * MIN, 1e-3), // 30 min after ETH's last hit
                    alert("LINKUSDT", 86 * MIN, 90 * MIN, 1e-3)), // 31 min after: a new one
                7);
    assertThat(found).hasSize(2);
    Incident crash = found.getFirst();
    assertThat(crash.lead()).isEqualTo("BTCUSDT");
    assertThat(crash.symbols()).containsExactly("BTCUSDT", "ETHUSDT", "SOLUSDT");
    assertThat(crash.onset()).isZero();
    assertThat(crash.lastHit()).isEqualTo(55 * MIN);
    assertThat(crash.peak().symbol()).isEqualTo("BTCUSDT");
    assertThat(crash.scope()).isEqualTo(IncidentScope.MARKET_WIDE);
    assertThat(found.get(1).scope()).isEqualTo(IncidentScope.SINGLE_ASSET);
    assertThat(found.get(1).symbols()).containsExactly("LINKUSDT");
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
   * Whatever the alerts and their order: each is in exactly one incident, incidents are more than
   * the cooldown apart, and no incident splits into two that are.
   */
  @Property(tries = 300)
  void everyAlertIsInExactlyOneIncidentAndIncidentsAreSeparatedByTheCooldown(
      @ForAll @IntRange(min = 1, max = 40) int n, @ForAll @LongRange(min = 0) long seed) {
    Random rnd = new Random(seed);
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
    List<Incident> found = builder().build(alerts, 0);
    List<IncidentMember> shuffled = new ArrayList<>(alerts);
    Collections.shuffle(shuffled, rnd);
    assertThat(builder().build(shuffled, 0)).isEqualTo(found);
    Set<String> seen = new HashSet<>();
    for (Incident i : found) {
      i.members().forEach(m -> assertThat(seen.add(m.alertId())).isTrue());
      assertThat(i.onset()).isEqualTo(i.members().getFirst().firstHit());
    }
    assertThat(seen).hasSize(n);
    for (int k = 1; k < found.size(); k++) {
      assertThat(found.get(k).onset() - found.get(k - 1).lastHit()).isGreaterThan(COOLDOWN);
    }
    for (Incident i : found) { // connected: sorted by onset, no gap wider than the cooldown
      long end = i.members().getFirst().lastHit();
      for (IncidentMember m : i.members()) {
        assertThat(m.firstHit() - end).isLessThanOrEqualTo(COOLDOWN);
        end = Math.max(end, m.lastHit());
      }
    }
  }
}
