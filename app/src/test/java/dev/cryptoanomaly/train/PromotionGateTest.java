package dev.cryptoanomaly.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The gate's rules on fixed metrics: injected anomalies first, then labelled events when given. */
class PromotionGateTest {
  static final Map<String, Double> CHAMPION =
      Map.of("injected_recall", 1.0, "injected_pr_auc", 0.9, "alerts_per_symbol_day", 2.0);
  static final Map<String, Double> EQUAL_CANDIDATE =
      Map.of("injected_recall", 1.0, "injected_pr_auc", 0.91, "alerts_per_symbol_day", 1.9);

  static Map<String, Double> onLabels(double events, double recall, double prAuc) {
    return Map.of("events", events, "event_recall", recall, "pr_auc", prAuc);
  }

  @Test
  void withoutLabelsOnlyInjectedAnomaliesAndTheRateCount() {
    PromotionGate.Decision d = PromotionGate.compare(EQUAL_CANDIDATE, CHAMPION, 2.0);
    assertThat(d.pass()).isTrue();
    assertThat(d.reason()).doesNotContain("labelled");
    assertThat(d.evidence()).doesNotContainKey("labels");
  }

  @Test
  void aCandidateCatchingFewerLabelledEventsIsRefusedNamingTheLabelsAndLimits() {
    PromotionGate.Decision d =
        PromotionGate.compare(
            EQUAL_CANDIDATE,
            CHAMPION,
            2.0,
            new PromotionGate.Labelled(
                "labels/crashes.csv", onLabels(6, 0.5, 0.3), onLabels(6, 0.833, 0.2)));
    assertThat(d.pass()).isFalse();
    assertThat(d.reason())
        .startsWith("it catches fewer of the labelled events in labels/crashes.csv")
        .contains("recall 0.500")
        .contains("on 6 labelled events of labels/crashes.csv: event recall >= 0.823");
    assertThat(d.evidence()).containsKeys("labels", "candidate_labelled", "champion_labelled");
  }

  @Test
  void aCandidateRankingLabelledCandlesWorseIsRefused() {
    PromotionGate.Decision d =
        PromotionGate.compare(
            EQUAL_CANDIDATE,
            CHAMPION,
            2.0,
            new PromotionGate.Labelled("triage", onLabels(3, 1.0, 0.12), onLabels(3, 1.0, 0.16)));
    assertThat(d.pass()).isFalse();
    assertThat(d.reason())
        .contains("ranks the candles of the labelled events in triage")
        .contains("PR-AUC 0.120")
        .contains("event PR-AUC >= 0.150");
  }

  @Test
  void aCandidateAsGoodOnLabelledEventsPassesAndTheReasonSaysBoth() {
    PromotionGate.Decision d =
        PromotionGate.compare(
            EQUAL_CANDIDATE,
            CHAMPION,
            2.0,
            new PromotionGate.Labelled("triage", onLabels(3, 1.0, 0.155), onLabels(3, 1.0, 0.16)));
    assertThat(d.pass()).isTrue();
    assertThat(d.reason()).contains("labelled event recall 1.000 vs 1.000, PR-AUC 0.155 vs 0.160");
  }

  @Test
  void labelsWithNoEventInThePeriodJudgeNothingAndSaySo() {
    PromotionGate.Decision d =
        PromotionGate.compare(
            EQUAL_CANDIDATE,
            CHAMPION,
            2.0,
            new PromotionGate.Labelled(
                "triage", onLabels(0, Double.NaN, Double.NaN), onLabels(0, Double.NaN, 0.1)));
    assertThat(d.pass()).isTrue();
    assertThat(d.reason()).contains("no labelled event of triage in the period, so none judged");
  }

  @Test
  void injectedAnomaliesAreJudgedBeforeLabelledEvents() {
    PromotionGate.Decision d =
        PromotionGate.compare(
            Map.of("injected_recall", 0.8, "injected_pr_auc", 0.9, "alerts_per_symbol_day", 1.0),
            CHAMPION,
            2.0,
            new PromotionGate.Labelled("triage", onLabels(3, 1.0, 0.5), onLabels(3, 1.0, 0.1)));
    assertThat(d.pass()).isFalse();
    assertThat(d.reason()).startsWith("it catches fewer injected anomalies");
  }
}
