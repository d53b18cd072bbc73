package dev.cryptoanomaly.train.eval;

import dev.cryptoanomaly.alert.Alert;
import dev.cryptoanomaly.alert.AlertPolicy;
import dev.cryptoanomaly.train.SpillingAveragePrecision;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Honest event-level metrics of a model's alerts against labelled events, over the candles it
 * scored:
 *
 * <ul>
 *   <li>event recall: events with an alert overlapping their window, over events whose window holds
 *       at least one scored candle;
 *   <li>alert precision: alerts overlapping an event of their symbol, over all alerts;
 *   <li>detection delay: candles from an event's start to the first hit of the first alert that
 *       overlaps it (0 when the alert started earlier), median and 90th percentile;
 *   <li>false alerts per symbol-day: alerts overlapping no event, over scored symbol-days;
 *   <li>PR-AUC over candles: average precision of the tail probability ranking, a candle being
 *       positive inside an event window.
 * </ul>
 *
 * No point-adjusted F1: crediting every candle of an event once one is hit inflates results.
 */
public final class EventEvaluation {
  private EventEvaluation() {}

  /** One series' alerts and which candles were scored (not the scores: those are counted). */
  public record SeriesAlerts(ScoredSpan scored, List<Alert> alerts) {
    public static SeriesAlerts of(AlertPolicy.Scored s, List<Alert> alerts, long intervalMillis) {
      return new SeriesAlerts(ScoredSpan.of(s.symbol(), s.openTimes(), intervalMillis), alerts);
    }
  }

  /**
   * The metrics counted a series at a time, so that an evaluation of the whole market holds one
   * series' scores at once: the ranking measure's scores go to a {@link SpillingAveragePrecision}
   * (temporary files past a chunk), everything else is a count.
   */
  public static final class Tally implements AutoCloseable {
    private final List<EventLabel> labels;
    private final long intervalMillis;
    private final SpillingAveragePrecision ranking = new SpillingAveragePrecision();
    private final List<Double> delays = new ArrayList<>();
    private int events;
    private int detected;
    private long alerts;
    private long trueAlerts;
    private double symbolDays;

    public Tally(List<EventLabel> labels, long intervalMillis) {
      this.labels = List.copyOf(labels);
      this.intervalMillis = intervalMillis;
    }

    /** Counts one series' candles and alerts; what is kept of it afterwards is returned. */
    public SeriesAlerts add(AlertPolicy.Scored s, List<Alert> seriesAlerts) {
      String symbol = s.symbol();
      long[] t = s.openTimes();
      symbolDays += t.length * (double) intervalMillis / 86_400_000.0;
      List<EventLabel> mine = labels.stream().filter(l -> l.appliesTo(symbol)).toList();
      for (EventLabel e : mine) {
        if (!anyCandle(t, e.start(), e.end())) {
          continue;
        }
        events++;
        Alert first = firstOverlapping(seriesAlerts, e);
        if (first != null) {
          detected++;
          delays.add(Math.max(0, first.firstHit() - e.start()) / (double) intervalMillis);
        }
      }
      for (Alert a : seriesAlerts) {
        alerts++;
        if (mine.stream().anyMatch(e -> a.lastHit() >= e.start() && a.firstHit() <= e.end())) {
          trueAlerts++;
        }
      }
      // Ranked by tail probability, lowest first: negated, so that higher ranks first.
      double[] p = s.probabilities();
      boolean[] inEvent = inAnyWindow(t, mine);
      for (int i = 0; i < t.length; i++) {
        ranking.add(-p[i], inEvent[i]);
      }
      return SeriesAlerts.of(s, seriesAlerts, intervalMillis);
    }

    public Map<String, Double> metrics() {
      Map<String, Double> m = new LinkedHashMap<>();
      m.put("events", (double) events);
      m.put("event_recall", events == 0 ? Double.NaN : detected / (double) events);
      m.put("alerts", (double) alerts);
      m.put("alert_precision", alerts == 0 ? Double.NaN : trueAlerts / (double) alerts);
      m.put("median_delay_candles", quantile(delays, 0.5));
      m.put("p90_delay_candles", quantile(delays, 0.9));
      m.put(
          "false_alerts_per_symbol_day",
          symbolDays == 0 ? Double.NaN : (alerts - trueAlerts) / symbolDays);
      m.put("pr_auc", ranking.result());
      m.put("symbol_days", symbolDays);
      return m;
    }

    /** Deletes the ranking's temporary files. */
    @Override
    public void close() {
      ranking.close();
    }
  }

  /**
   * What became of one labelled event on one symbol: whether the model scored any candle of it, and
   * the first alert overlapping it with its delay in candles (0 when it began earlier).
   */
  public record EventOutcome(
      EventLabel event, String symbol, boolean scored, Long firstHit, Double delayCandles) {
    public boolean caught() {
      return firstHit != null;
    }
  }

  /**
   * Each labelled event on each scored symbol it applies to, by the rule {@link #evaluate} uses.
   */
  public static List<EventOutcome> perEvent(
      List<SeriesAlerts> series, List<EventLabel> labels, long intervalMillis) {
    List<EventOutcome> out = new ArrayList<>();
    for (SeriesAlerts s : series) {
      String symbol = s.scored().symbol();
      for (EventLabel e : labels) {
        if (!e.appliesTo(symbol)) {
          continue;
        }
        if (!s.scored().anyCandle(e.start(), e.end())) {
          out.add(new EventOutcome(e, symbol, false, null, null));
          continue;
        }
        Alert first = firstOverlapping(s.alerts(), e);
        out.add(
            first == null
                ? new EventOutcome(e, symbol, true, null, null)
                : new EventOutcome(
                    e,
                    symbol,
                    true,
                    first.firstHit(),
                    Math.max(0, first.firstHit() - e.start()) / (double) intervalMillis));
      }
    }
    return out;
  }

  private static Alert firstOverlapping(List<Alert> alerts, EventLabel e) {
    return alerts.stream()
        .filter(a -> a.lastHit() >= e.start() && a.firstHit() <= e.end())
        .min(Comparator.comparingLong(Alert::firstHit))
        .orElse(null);
  }

  /**
   * Which of the sorted open times fall in any window ({@code start <= t <= end}): each window's
   * range found by binary search, rather than every window tested for every candle (43M candles of
   * 1,000 symbols made that most of an evaluation).
   */
  static boolean[] inAnyWindow(long[] t, List<EventLabel> windows) {
    boolean[] in = new boolean[t.length];
    for (EventLabel e : windows) {
      int lo = lowerBound(t, e.start());
      int hi = lowerBound(t, e.end() + 1);
      Arrays.fill(in, lo, Math.max(lo, hi), true);
    }
    return in;
  }

  private static int lowerBound(long[] t, long v) {
    int i = Arrays.binarySearch(t, v);
    if (i < 0) {
      return -i - 1;
    }
    while (i > 0 && t[i - 1] == v) {
      i--;
    }
    return i;
  }

  static boolean anyCandle(long[] t, long start, long end) {
    int at = lowerBound(t, start);
    return at < t.length && t[at] <= end;
  }

  private static double quantile(List<Double> values, double q) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return v[(int) Math.min(v.length - 1, Math.floor(q * v.length))];
  }
}
