package dev.cryptoanomaly.train;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Whether a candidate may replace the champion: on the same evaluation period, it must catch at
 * least as many injected anomalies at its threshold (within {@link #TOLERANCE}), rank a rare few of
 * them above the normal rows at least as well (their average precision, within the same), and raise
 * no more alerts per symbol-day than the larger of its budget and the champion's rate. Recall alone
 * saturates (nearly every model catches every strong injection), so it let a one-feature baseline
 * replace a mixture; the ranking measure does not. Anything else needs {@code --force}. The reason
 * names the limits the candidate had to meet.
 */
public final class PromotionGate {
  static final double TOLERANCE = 0.01;

  public record Decision(boolean pass, String reason, Map<String, Object> evidence) {}

  private PromotionGate() {}

  public static Decision compare(
      Map<String, Double> candidate, Map<String, Double> champion, double candidateBudget) {
    Map<String, Object> evidence = new LinkedHashMap<>();
    evidence.put("candidate", candidate);
    evidence.put("champion", champion);
    double recall = candidate.get("injected_recall");
    double minRecall = champion.get("injected_recall") - TOLERANCE;
    double prAuc = candidate.getOrDefault("injected_pr_auc", Double.NaN);
    double championPrAuc = champion.getOrDefault("injected_pr_auc", Double.NaN);
    double minPrAuc = championPrAuc - TOLERANCE;
    double rate = candidate.get("alerts_per_symbol_day");
    double allowed = Math.max(candidateBudget, champion.get("alerts_per_symbol_day")) * 1.05;
    String limits =
        String.format(
            Locale.ROOT,
            "limits: injected recall >= %.3f, injected PR-AUC >= %s, alerts per symbol-day <= %.2f",
            minRecall,
            Double.isFinite(minPrAuc) ? String.format(Locale.ROOT, "%.3f", minPrAuc) : "-",
            allowed);
    evidence.put("limits", limits);
    if (recall < minRecall) {
      return new Decision(
          false,
          String.format(
              Locale.ROOT,
              "it catches fewer injected anomalies than the champion (%.3f); %s",
              recall,
              limits),
          evidence);
    }
    if (Double.isFinite(prAuc) && Double.isFinite(minPrAuc) && prAuc < minPrAuc) {
      return new Decision(
          false,
          String.format(
              Locale.ROOT,
              "it ranks rare injected anomalies below normal rows more often than the champion"
                  + " (PR-AUC %.3f); %s",
              prAuc,
              limits),
          evidence);
    }
    if (rate > allowed) {
      return new Decision(
          false,
          String.format(Locale.ROOT, "it raises %.2f alerts per symbol-day; %s", rate, limits),
          evidence);
    }
    return new Decision(
        true,
        String.format(
            Locale.ROOT,
            "recall %.3f vs %.3f, PR-AUC %s vs %s, %.2f alerts per symbol-day; %s",
            recall,
            champion.get("injected_recall"),
            Double.isFinite(prAuc) ? String.format(Locale.ROOT, "%.3f", prAuc) : "-",
            Double.isFinite(championPrAuc)
                ? String.format(Locale.ROOT, "%.3f", championPrAuc)
                : "-",
            rate,
            limits),
        evidence);
  }
}
