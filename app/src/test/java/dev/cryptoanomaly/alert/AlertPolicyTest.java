package dev.cryptoanomaly.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AlertPolicyTest {
  private static final long MINUTE = 60_000;

  private static AlertPolicy.Scored series(String symbol, double[] probabilities) {
    return series(symbol, probabilities, MINUTE);
  }

  private static AlertPolicy.Scored series(String symbol, double[] probabilities, long interval) {
    long[] t = new long[probabilities.length];
    for (int i = 0; i < t.length; i++) {
      t[i] = i * interval;
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
    p[40] = 1e-4; // 25 minutes after the last hit: still within a 30-minute cooldown
    p[100] = 1e-4; // 60 later: a new alert
    AlertPolicy policy = new AlertPolicy(2, 30 * MINUTE, 1e-3, MINUTE);
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
      AlertPolicy policy = AlertPolicy.fromBudget(budget, Duration.ofMinutes(30), heldOut, MINUTE);
      long alerts = heldOut.stream().mapToLong(s -> policy.alerts(s).size()).sum();
      assertThat(alerts).isLessThanOrEqualTo((long) (budget * 30));
      // The largest such threshold: a slightly larger one breaks the budget.
      AlertPolicy looser = new AlertPolicy(budget, 30 * MINUTE, policy.threshold() * 1.5, MINUTE);
      long more = heldOut.stream().mapToLong(s -> looser.alerts(s).size()).sum();
      assertThat(more).isGreaterThan((long) (budget * 30 * 0.8));
    }
  }

  /** The cooldown is a time: the same hits, 25 and 35 minutes apart, group alike at 1m and 5m. */
  @Test
  void theCooldownGroupsByTimeAtEveryInterval() {
    for (long interval : new long[] {MINUTE, 5 * MINUTE}) {
      int per = (int) (5 * MINUTE / interval); // candles in five minutes
      double[] p = new double[60 * per];
      java.util.Arrays.fill(p, 0.5);
      p[2 * per] = 1e-4; // 10 minutes in
      p[7 * per] = 1e-4; // 25 minutes later: the same alert
      p[14 * per] = 1e-4; // 35 minutes later: a new one
      AlertPolicy policy = new AlertPolicy(2, 30 * MINUTE, 1e-3, interval);
      List<Alert> alerts = policy.alerts(series("BTCUSDT", p, interval));
      assertThat(alerts).as("interval %d ms", interval).hasSize(2);
      assertThat(alerts.get(0).lastHit() - alerts.get(0).firstHit()).isEqualTo(25 * MINUTE);
    }
  }

  /**
   * On 1h candles a 30-candle cooldown (30 hours) merged every hit of a month into a few alerts, so
   * no threshold reached the budget and calibration widened it to every candle; 30 minutes keeps
   * each hour's hit its own alert and the budget holds.
   */
  @Test
  void aBudgetOnHourlyCandlesGivesARareThreshold() {
    SplittableRandom rng = new SplittableRandom(9);
    List<AlertPolicy.Scored> heldOut = new ArrayList<>();
    for (String symbol : List.of("BTCUSDT", "ETHUSDT")) {
      double[] p = new double[24 * 30];
      for (int i = 0; i < p.length; i++) {
        p[i] = rng.nextDouble();
      }
      heldOut.add(series(symbol, p, 60 * MINUTE));
    }
    // What 30 candles meant: refused at training, not widened to every candle.
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> AlertPolicy.fromBudget(2, Duration.ofHours(30), heldOut, 60 * MINUTE))
        .isInstanceOf(dev.cryptoanomaly.UserException.class)
        .hasMessageStartingWith("--cooldown 30h is too long at this interval")
        .hasMessageContaining("no threshold keeps to 2 alerts per symbol-day");

    AlertPolicy policy = AlertPolicy.fromBudget(2, Duration.ofMinutes(30), heldOut, 60 * MINUTE);
    long alerts = heldOut.stream().mapToLong(s -> policy.alerts(s).size()).sum();
    assertThat(alerts).isBetween((long) (2 * 60 * 0.8), 2L * 60);
    // Uniform probabilities: 2 alerts in 24 candles is a tail probability near 1/12.
    assertThat(policy.threshold()).isBetween(0.06, 0.1);
  }

  @Test
  void badBudgetAndCooldownAreOneLine() {
    List<AlertPolicy.Scored> none = List.of();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> AlertPolicy.fromBudget(0, Duration.ofMinutes(30), none, MINUTE))
        .hasMessageContaining("budget");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> AlertPolicy.fromBudget(1, Duration.ofMinutes(-1), none, MINUTE))
        .hasMessageContaining("cooldown");
  }
}
