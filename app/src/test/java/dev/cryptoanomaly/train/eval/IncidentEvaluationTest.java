package dev.cryptoanomaly.train.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cryptoanomaly.alert.Alert;
import dev.cryptoanomaly.alert.AlertPolicy;
import dev.cryptoanomaly.alert.IncidentBuilder;
import dev.cryptoanomaly.alert.IncidentRule;
import dev.cryptoanomaly.alert.IncidentSource;
import dev.cryptoanomaly.alert.Severity;
import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Market;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IncidentEvaluationTest {
  private static final long MINUTE = 60_000L;
  private static final long HOUR = 60 * MINUTE;
  private static final List<String> SYMBOLS = List.of("BTCUSDT", "ETHUSDT", "SOLUSDT");

  /** Two days of 1m candles for a symbol, with these alerts. */
  private static EventEvaluation.SeriesAlerts series(String symbol, Alert... alerts) {
    int n = 2 * 1440;
    long[] t = new long[n];
    for (int i = 0; i < n; i++) {
      t[i] = i * MINUTE;
    }
    return EventEvaluation.SeriesAlerts.of(
        new AlertPolicy.Scored(symbol, t, new double[n], new double[n]), List.of(alerts), MINUTE);
  }

  private static Alert alert(String symbol, long firstHit, long lastHit) {
    return new Alert(symbol, firstHit, lastHit, firstHit, 0, 10, 1e-5, Severity.CRITICAL, 3);
  }

  private static EventLabel event(String symbol, long start, long end) {
    return new EventLabel(symbol, start, end, "test");
  }

  @Test
  void eachLabelledEventIsCountedOnceWithItsIncidentsScopeAndPromptness() {
    long crash = 2 * HOUR; // every symbol falls together, BTCUSDT among them: market-wide
    long pump = 10 * HOUR; // ETHUSDT alone: single-asset
    long lone = 20 * HOUR; // labelled market-wide, but only SOLUSDT alerts, 30 minutes late
    long missed = 30 * HOUR; // labelled for BTCUSDT, no alert
    List<EventEvaluation.SeriesAlerts> series = new ArrayList<>();
    series.add(series("BTCUSDT", alert("BTCUSDT", crash, crash + 20 * MINUTE)));
    series.add(
        series(
            "ETHUSDT",
            alert("ETHUSDT", crash + 2 * MINUTE, crash + 30 * MINUTE),
            alert("ETHUSDT", pump + 5 * MINUTE, pump + 40 * MINUTE)));
    series.add(
        series(
            "SOLUSDT",
            alert("SOLUSDT", crash + MINUTE, crash + 10 * MINUTE),
            alert("SOLUSDT", lone + 30 * MINUTE, lone + 40 * MINUTE)));
    List<EventLabel> labels =
        List.of(
            event("*", crash, crash + 15 * MINUTE),
            event("ETHUSDT", pump, pump + HOUR),
            event("*", lone, lone + HOUR),
            event("BTCUSDT", missed, missed + HOUR));
    IncidentBuilder builder =
        new IncidentBuilder(
            new IncidentSource(Market.SPOT, Interval.M1, "m", 1),
            30 * MINUTE,
            IncidentRule.DEFAULT,
            SYMBOLS);

    Map<String, Double> m = IncidentEvaluation.evaluate(series, labels, builder);

    assertThat(m.get("labelled_events")).isEqualTo(4);
    assertThat(m.get("incidents")).isEqualTo(3); // the crash's three alerts are one incident
    assertThat(m.get("incidents_per_event")).isEqualTo(1.0); // three events detected, one each
    assertThat(m.get("scope_accuracy")).isEqualTo(2 / 3.0); // the lone one is single-asset
    assertThat(m.get("events_alerted_within_15m")).isEqualTo(2 / 4.0);
  }

  @Test
  void anEventSplitIntoTwoIncidentsCountsBoth() {
    long start = 5 * HOUR;
    List<EventEvaluation.SeriesAlerts> series =
        List.of(
            series(
                "BTCUSDT",
                alert("BTCUSDT", start, start + 5 * MINUTE),
                alert("BTCUSDT", start + 3 * HOUR, start + 3 * HOUR + 5 * MINUTE)));
    IncidentBuilder builder =
        new IncidentBuilder(
            new IncidentSource(Market.SPOT, Interval.M1, "m", 1),
            30 * MINUTE,
            IncidentRule.DEFAULT,
            List.of("BTCUSDT"));
    Map<String, Double> m =
        IncidentEvaluation.evaluate(
            series, List.of(event("BTCUSDT", start, start + 4 * HOUR)), builder);
    assertThat(m.get("incidents_per_event")).isEqualTo(2.0);
    assertThat(m.get("scope_accuracy")).isEqualTo(1.0);
  }
}
