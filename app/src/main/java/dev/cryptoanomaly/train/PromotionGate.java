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
 * replace a mixture; the ranking measure does not. When labelled events are given (a labels file or
 * the analysts' triage), the candidate must also catch as many of them and rank their candles as
 * well (event recall and PR-AUC, within the same tolerance): injected anomalies are only what we
 * planted. Anything else needs {@code --force}. The reason names the limits the candidate had to
 * meet.
 */
public final class PromotionGate {
  static final double TOLERANCE = 0.01;

  public record Decision(boolean pass, String reason, Map<String, Object> evidence) {}

  /**
   * Both models' metrics on labelled events ({@code events}, {@code event_recall}, {@code pr_auc}).
   *
   * @param source what the labels came from, as the reason names it
   */
  public record Labelled(
      String source, Map<String, Double> candidate, Map<String, Double> champion) {
    /** How many labelled events fell in the period and symbols both were measured on. */
    double events() {
      return candidate.getOrDefault("events", 0.0);
    }
  }

  private PromotionGate() {}

  public static Decision compare(
      Map<String, Double> candidate, Map<String, Double> champion, double candidateBudget) {
    return compare(candidate, champion, candidateBudget, null);
  }

  /**
   * @param labelled both models on labelled events, or null when no labels were given
   */
  public static Decision compare(
      Map<String, Double> candidate,
      Map<String, Double> champion,
      double candidateBudget,
      Labelled labelled) {
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
    boolean judgesEvents = labelled != null && labelled.events() > 0;
    double eventRecall = judgesEvents ? labelled.candidate().get("event_recall") : Double.NaN;
    double minEventRecall =
        judgesEvents ? labelled.champion().get("event_recall") - TOLERANCE : Double.NaN;
    double eventPrAuc =
        judgesEvents ? labelled.candidate().getOrDefault("pr_auc", Double.NaN) : Double.NaN;
    double minEventPrAuc =
        judgesEvents
            ? labelled.champion().getOrDefault("pr_auc", Double.NaN) - TOLERANCE
            : Double.NaN;
    String limits =
        String.format(
                Locale.ROOT,
                "limits: injected recall >= %.3f, injected PR-AUC >= %s, alerts per symbol-day <="
                    + " %.2f",
                minRecall,
                decimal(minPrAuc),
                allowed)
            + labelledLimits(labelled, minEventRecall, minEventPrAuc);
    evidence.put("limits", limits);
    if (labelled != null) {
      evidence.put("labels", labelled.source());
      evidence.put("candidate_labelled", labelled.candidate());
      evidence.put("champion_labelled", labelled.champion());
    }
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
    if (judgesEvents && eventRecall < minEventRecall) {
      return new Decision(
          false,
          String.format(
              Locale.ROOT,
              "it catches fewer of the labelled events in %s than the champion (recall %.3f); %s",
              labelled.source(),
              eventRecall,
              limits),
          evidence);
    }
    if (judgesEvents
        && Double.isFinite(eventPrAuc)
        && Double.isFinite(minEventPrAuc)
        && eventPrAuc < minEventPrAuc) {
      return new Decision(
          false,
          String.format(
              Locale.ROOT,
              "it ranks the candles of the labelled events in %s below the others more often"
                  + " than the champion (PR-AUC %.3f); %s",
              labelled.source(),
              eventPrAuc,
              limits),
          evidence);
    }
    return new Decision(
        true,
        String.format(
                Locale.ROOT,
                "recall %.3f vs %.3f, PR-AUC %s vs %s, %.2f alerts per symbol-day",
                recall,
                champion.get("injected_recall"),
                decimal(prAuc),
                decimal(championPrAuc),
                rate)
            + (judgesEvents
                ? String.format(
                    Locale.ROOT,
                    ", labelled event recall %.3f vs %.3f, PR-AUC %s vs %s",
                    eventRecall,
                    labelled.champion().get("event_recall"),
                    decimal(eventPrAuc),
                    decimal(labelled.champion().getOrDefault("pr_auc", Double.NaN)))
                : "")
            + "; "
            + limits,
        evidence);
  }

  /** The labelled limits as the reason names them, or why labels did not count. */
  private static String labelledLimits(
      Labelled labelled, double minEventRecall, double minEventPrAuc) {
    if (labelled == null) {
      return "";
    }
    if (labelled.events() <= 0) {
      return "; no labelled event of " + labelled.source() + " in the period, so none judged";
    }
    return String.format(
        Locale.ROOT,
        ", on %.0f labelled events of %s: event recall >= %.3f, event PR-AUC >= %s",
        labelled.events(),
        labelled.source(),
        minEventRecall,
        decimal(minEventPrAuc));
  }

  private static String decimal(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : "-";
  }
}
