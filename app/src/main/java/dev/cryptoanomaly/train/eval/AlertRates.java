package dev.cryptoanomaly.train.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How alert volume compares with the budget, pooled and per symbol: a pooled rate on budget can
 * hide a volatile pair taking it all while a quiet one never alerts, so each symbol's rate is
 * measured against the budget too. Symbols with less than a day of scored candles are left out of
 * the per-symbol figures (one alert in an hour is not a rate).
 */
public final class AlertRates {
  /** The band a symbol's rate should stay in, as a multiple of the budget. */
  public static final double LOW = 0.5;

  public static final double HIGH = 1.5;

  private AlertRates() {}

  /**
   * {@code alerts_per_symbol_day}, {@code symbol_rate_to_budget_min} and {@code _max} (a symbol's
   * alerts per day over the budget), and {@code symbols_within_budget_band}: the share of symbols
   * between {@link #LOW} and {@link #HIGH} times the budget.
   */
  public static Map<String, Double> of(
      List<EventEvaluation.SeriesAlerts> series, long intervalMillis, double budget) {
    long alerts = 0;
    double days = 0;
    double min = Double.NaN;
    double max = Double.NaN;
    int symbols = 0;
    int within = 0;
    for (EventEvaluation.SeriesAlerts s : series) {
      double d = s.scored().candles() * (double) intervalMillis / 86_400_000.0;
      alerts += s.alerts().size();
      days += d;
      if (d < 1) {
        continue;
      }
      double ratio = s.alerts().size() / d / budget;
      min = symbols == 0 ? ratio : Math.min(min, ratio);
      max = symbols == 0 ? ratio : Math.max(max, ratio);
      symbols++;
      if (ratio >= LOW && ratio <= HIGH) {
        within++;
      }
    }
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("alerts_per_symbol_day", days == 0 ? Double.NaN : alerts / days);
    m.put("symbol_rate_to_budget_min", min);
    m.put("symbol_rate_to_budget_max", max);
    m.put("symbols_within_budget_band", symbols == 0 ? Double.NaN : within / (double) symbols);
    return m;
  }
}
