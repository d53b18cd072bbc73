package dev.cryptoanomaly.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Whether a candidate may replace the champion: on the same evaluation period, it must catch at
 * least as many injected anomalies (within 0.01) without raising more alerts per symbol-day than
 * the larger of its budget and the champion's rate. Anything else needs {@code --force}.
 */
public final class PromotionGate {
  static final double RECALL_TOLERANCE = 0.01;

  public record Decision(boolean pass, String reason, Map<String, Object> evidence) {}

  private PromotionGate() {}

  public static Decision compare(
      Map<String, Double> candidate, Map<String, Double> champion, double candidateBudget) {
    Map<String, Object> evidence = new LinkedHashMap<>();
    evidence.put("candidate", candidate);
    evidence.put("champion", champion);
    double recall = candidate.get("injected_recall");
    double championRecall = champion.get("injected_recall");
    double rate = candidate.get("alerts_per_symbol_day");
    double allowed = Math.max(candidateBudget, champion.get("alerts_per_symbol_day"));
    if (recall < championRecall - RECALL_TOLERANCE) {
      return new Decision(
          false,
          String.format(
              java.util.Locale.ROOT,
              "it catches fewer injected anomalies than the champion (%.3f < %.3f)",
              recall,
              championRecall),
          evidence);
    }
    if (rate > allowed * 1.05) {
      return new Decision(
          false,
          String.format(
              java.util.Locale.ROOT,
              "it raises %.2f alerts per symbol-day, over the %.2f allowed",
              rate,
              allowed),
          evidence);
    }
    return new Decision(
        true,
        String.format(
            java.util.Locale.ROOT,
            "recall %.3f vs %.3f, %.2f alerts per symbol-day",
            recall,
            championRecall,
            rate),
        evidence);
  }
}
