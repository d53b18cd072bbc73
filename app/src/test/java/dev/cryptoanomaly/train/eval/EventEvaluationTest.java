package dev.cryptoanomaly.train.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.cryptoanomaly.alert.AlertPolicy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventEvaluationTest {
  private static final long M = 60_000;

  /** One day of 1m candles with tail probability 0.5 except the given rare ones. */
  private static AlertPolicy.Scored day(String symbol, int... rare) {
    long[] t = new long[1440];
    double[] p = new double[1440];
    for (int i = 0; i < t.length; i++) {
      t[i] = i * M;
      p[i] = 0.5;
    }
    for (int r : rare) {
      p[r] = 1e-5;
    }
    return new AlertPolicy.Scored(symbol, t, p.clone(), p);
  }

  /**
   * BTC: an event 100..120 hit at 103 (delay 3) and a false alert at 600. ETH: an event 200..210
   * missed; an everyone-event 1000..1005 hit at 1000 on both.
   */
  private static List<AlertPolicy.Scored> knownCase() {
    return List.of(day("BTCUSDT", 103, 600, 1000), day("ETHUSDT", 1000));
  }

  private static final AlertPolicy POLICY = new AlertPolicy(2, 10 * M, 1e-3, M);

  private static Map<String, Double> metrics(
      List<AlertPolicy.Scored> scored, List<EventLabel> labels) {
    try (EventEvaluation.Tally tally = new EventEvaluation.Tally(labels, M)) {
      scored.forEach(s -> tally.add(s, POLICY.alerts(s)));
      return tally.metrics();
    }
  }

  private static List<EventEvaluation.SeriesAlerts> kept(List<AlertPolicy.Scored> scored) {
    return scored.stream()
        .map(s -> EventEvaluation.SeriesAlerts.of(s, POLICY.alerts(s), M))
        .toList();
  }

  private static List<EventLabel> knownLabels(EventLabel last) {
    return List.of(
        new EventLabel("BTCUSDT", 100 * M, 120 * M, "flash_crash"),
        new EventLabel("ETHUSDT", 200 * M, 210 * M, "volume_spike"),
        new EventLabel("*", 1000 * M, 1005 * M, "market"),
        last);
  }

  @Test
  void recallPrecisionDelayAndFalseAlertsOfAKnownCase() {
    Map<String, Double> m =
        metrics(knownCase(), knownLabels(new EventLabel("SOLUSDT", 0, 10 * M, "not scored")));
    assertThat(m.get("events")).isEqualTo(4.0); // SOL has no scored candles
    assertThat(m.get("event_recall")).isEqualTo(0.75);
    assertThat(m.get("alerts")).isEqualTo(4.0);
    assertThat(m.get("alert_precision")).isEqualTo(0.75);
    assertThat(m.get("median_delay_candles")).isEqualTo(0.0); // delays 3, 0, 0
    assertThat(m.get("p90_delay_candles")).isEqualTo(3.0);
    assertThat(m.get("false_alerts_per_symbol_day")).isCloseTo(0.5, within(1e-12)); // 1 over 2 days
  }

  /** The per-event table tells the same story as the metrics of the same case. */
  @Test
  void eachEventSaysWhetherItWasCaughtAndAfterHowManyCandles() {
    List<EventEvaluation.EventOutcome> outcomes =
        EventEvaluation.perEvent(
            kept(knownCase()),
            knownLabels(new EventLabel("BTCUSDT", 5000 * M, 5010 * M, "after the day")),
            M);
    assertThat(outcomes)
        .extracting(
            o -> o.symbol() + " " + o.event().kind() + " " + o.scored() + " " + o.delayCandles())
        .containsExactly(
            "BTCUSDT flash_crash true 3.0",
            "BTCUSDT market true 0.0",
            "BTCUSDT after the day false null",
            "ETHUSDT volume_spike true null",
            "ETHUSDT market true 0.0");
    assertThat(outcomes.get(0).firstHit()).isEqualTo(103 * M);
  }

  @Test
  void prAucRanksCandlesByTailProbabilityRarestFirst() {
    long[] times = {0, M, 2 * M, 3 * M};
    double[] probabilities = {0.001, 0.002, 0.5, 0.6};
    List<AlertPolicy.Scored> series =
        List.of(new AlertPolicy.Scored("BTCUSDT", times, new double[4], probabilities));
    assertThat(metrics(series, List.of(new EventLabel("BTCUSDT", 0, M, "rare"))).get("pr_auc"))
        .isEqualTo(1.0);
    assertThat(
            metrics(series, List.of(new EventLabel("BTCUSDT", 2 * M, 3 * M, "common")))
                .get("pr_auc"))
        .isCloseTo((1 / 3.0 + 2 / 4.0) / 2, within(1e-12));
  }

  /** The binary-searched windows mark exactly the candles a window-by-window test would. */
  @net.jqwik.api.Property(tries = 300)
  void candlesInAnyWindowAreThoseSomeWindowContains(
      @net.jqwik.api.ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 300) int n,
      @net.jqwik.api.ForAll long seed) {
    java.util.Random rnd = new java.util.Random(seed);
    long[] t = new long[n];
    for (int i = 0; i < n; i++) {
      t[i] = (i == 0 ? 0 : t[i - 1]) + rnd.nextInt(3) * M; // ascending, some repeated
    }
    List<EventLabel> windows = new java.util.ArrayList<>();
    for (int k = rnd.nextInt(6); k > 0; k--) {
      long start = rnd.nextInt(2 * n + 1) * M - M;
      windows.add(new EventLabel("BTCUSDT", start, start + rnd.nextInt(20) * M, "w"));
    }
    boolean[] in = EventEvaluation.inAnyWindow(t, windows);
    for (int i = 0; i < n; i++) {
      long time = t[i];
      assertThat(in[i])
          .isEqualTo(windows.stream().anyMatch(e -> time >= e.start() && time <= e.end()));
    }
  }
}
