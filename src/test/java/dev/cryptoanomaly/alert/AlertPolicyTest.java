package dev.cryptoanomaly.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AlertPolicyTest {
  private static final long MINUTE = 60_000;

  private static AlertPolicy.Scored series(String symbol, double[] probabilities) {
    long[] t = new long[probabilities.length];
    for (int i = 0; i < t.length; i++) {
      t[i] = i * MINUTE;
    }
    double[] scores = new double[probabilities.length];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = -Math.log(probabilities[i]);
    }
    return new AlertPolicy.Scored(symbol, t, scores, probabilities);
  }

  @Test
  void hitsWithinTheCooldownAreOneAlertAtTheRarestCandle() {
    double[] p = new double[200];
    java.util.Arrays.fill(p, 0.5);
    p[10] = 1e-4;
    p[15] = 1e-6; // 5 candles later: same alert, now its peak
    p[40] = 1e-4; // 25 after the last hit: still within a 30-candle cooldown
    p[100] = 1e-4; // 60 later: a new alert
    AlertPolicy policy = new AlertPolicy(2, 30, 1e-3, MINUTE);
    List<Alert> alerts = policy.alerts(series("BTCUSDT", p));
    assertThat(alerts).hasSize(2);
    assertThat(alerts.get(0).firstHit()).isEqualTo(10 * MINUTE);
    assertThat(alerts.get(0).lastHit()).isEqualTo(40 * MINUTE);
    assertThat(alerts.get(0).peak()).isEqualTo(15 * MINUTE);
    assertThat(alerts.get(0).hits()).isEqualTo(3);
    assertThat(alerts.get(0).severity()).isEqualTo(Severity.CRITICAL);
    assertThat(alerts.get(1).severity()).isEqualTo(Severity.HIGH);
  }

  @Test
  void theThresholdFollowsFromTheBudget() {
    SplittableRandom rng = new SplittableRandom(5);
    List<AlertPolicy.Scored> heldOut = new ArrayList<>();
    for (String symbol : List.of("BTCUSDT", "ETHUSDT", "SOLUSDT")) {
      double[] p = new double[1440 * 10]; // ten days of 1m candles
      for (int i = 0; i < p.length; i++) {
        p[i] = rng.nextDouble(); // uniform: calibrated probabilities of normal data
      }
      heldOut.add(series(symbol, p));
    }
    for (double budget : new double[] {0.5, 2, 10}) {
      AlertPolicy policy = AlertPolicy.fromBudget(budget, 30, heldOut, MINUTE);
      long alerts = heldOut.stream().mapToLong(s -> policy.alerts(s).size()).sum();
      assertThat(alerts).isLessThanOrEqualTo((long) (budget * 30));
      // The largest such threshold: a slightly larger one breaks the budget.
      AlertPolicy looser = new AlertPolicy(budget, 30, policy.threshold() * 1.5, MINUTE);
      long more = heldOut.stream().mapToLong(s -> looser.alerts(s).size()).sum();
      assertThat(more).isGreaterThan((long) (budget * 30 * 0.8));
    }
  }

  @Test
  void badBudgetAndCooldownAreOneLine() {
    List<AlertPolicy.Scored> none = List.of();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> AlertPolicy.fromBudget(0, 30, none, MINUTE))
        .hasMessageContaining("budget");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> AlertPolicy.fromBudget(1, -1, none, MINUTE))
        .hasMessageContaining("cooldown");
  }
}
