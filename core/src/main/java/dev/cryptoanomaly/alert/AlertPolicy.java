package dev.cryptoanomaly.alert;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.cryptoanomaly.UserException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns scored candles into alerts: a candle is a hit when its tail probability is at most {@link
 * #threshold}; hits of one series at most {@link #cooldownMillis} apart form one alert (a time, the
 * same at every interval; see {@link Cooldown}). The threshold follows from a budget of alerts per
 * symbol per day, chosen on held-out data (a fixed "top 5%" threshold gives about 72 alerts per
 * symbol per day on 1m candles).
 */
public record AlertPolicy(
    double alertsPerSymbolDay, long cooldownMillis, double threshold, long intervalMillis) {
  public static final double DEFAULT_BUDGET = 2.0;

  /** The most of the held-out candles a threshold may pass: beyond it, alerts stop being rare. */
  static final double MAX_HIT_SHARE = 0.25;

  /**
   * Reads {@code policy.json}; versions registered before the cooldown was a time hold it in
   * candles, which at their interval is the time they were calibrated with.
   */
  @JsonCreator
  static AlertPolicy fromJson(
      @JsonProperty("alerts_per_symbol_day") @JsonAlias("alertsPerSymbolDay")
          double alertsPerSymbolDay,
      @JsonProperty("cooldown_millis") Long cooldownMillis,
      @JsonProperty("cooldown_candles") @JsonAlias("cooldownCandles") Integer cooldownCandles,
      @JsonProperty("threshold") double threshold,
      @JsonProperty("interval_millis") @JsonAlias("intervalMillis") long intervalMillis) {
    long cooldown =
        cooldownMillis != null
            ? cooldownMillis
            : Cooldown.ofCandles(cooldownCandles, intervalMillis).toMillis();
    return new AlertPolicy(alertsPerSymbolDay, cooldown, threshold, intervalMillis);
  }

  /** Probabilities and open times of one series' scored candles, ascending in time. */
  public record Scored(String symbol, long[] openTimes, double[] scores, double[] probabilities) {
    /** Value semantics: equal when the arrays hold equal elements. */
    @Override
    public boolean equals(Object other) {
      return other instanceof Scored o
          && java.util.Objects.equals(symbol, o.symbol)
          && java.util.Arrays.equals(openTimes, o.openTimes)
          && java.util.Arrays.equals(scores, o.scores)
          && java.util.Arrays.equals(probabilities, o.probabilities);
    }

    @Override
    public int hashCode() {
      int h = java.util.Objects.hashCode(symbol);
      h = 31 * h + java.util.Arrays.hashCode(openTimes);
      h = 31 * h + java.util.Arrays.hashCode(scores);
      h = 31 * h + java.util.Arrays.hashCode(probabilities);
      return h;
    }

    @Override
    public String toString() {
      return "Scored["
          + "symbol="
          + symbol
          + ", "
          + "openTimes="
          + java.util.Arrays.toString(openTimes)
          + ", "
          + "scores="
          + java.util.Arrays.toString(scores)
          + ", "
          + "probabilities="
          + java.util.Arrays.toString(probabilities)
          + "]";
    }
  }

  /**
   * The largest threshold whose alerts on {@code heldOut} stay within {@code budget} per symbol per
   * day.
   */
  public static AlertPolicy fromBudget(
      double budget, java.time.Duration cooldownTime, List<Scored> heldOut, long intervalMillis) {
    long cooldown = cooldownTime.toMillis();
    if (!(budget > 0)) {
      throw new UserException("the alert budget must be above 0 alerts per symbol per day");
    }
    if (cooldown < 0) {
      throw new UserException("the cooldown must be 0 or more; got " + cooldownTime);
    }
    double symbolDays = 0;
    for (Scored s : heldOut) {
      symbolDays += s.openTimes().length * (double) intervalMillis / 86_400_000.0;
    }
    double[] candidates =
        heldOut.stream()
            .flatMapToDouble(s -> Arrays.stream(s.probabilities()))
            .sorted()
            .distinct()
            .toArray();
    // Alerts grow with the threshold only at first: past a point, more hits merge into fewer,
    // longer alerts. So walk up from the strictest threshold in doubling steps to the first
    // candidate over budget, then bisect between it and the last one within budget.
    double allowed = budget * symbolDays;
    int lo = -1;
    int hi = candidates.length;
    for (int step = 1, i = 0; i < candidates.length; i += step, step *= 2) {
      if (alertCount(heldOut, budget, cooldown, candidates[i], intervalMillis) <= allowed) {
        lo = i;
      } else {
        hi = i;
        break;
      }
    }
    while (hi - lo > 1) {
      int mid = (lo + hi) >>> 1;
      if (alertCount(heldOut, budget, cooldown, candidates[mid], intervalMillis) <= allowed) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    double threshold = lo >= 0 ? candidates[lo] : candidates.length > 0 ? candidates[0] / 2 : 0;
    long rows = heldOut.stream().mapToLong(s -> s.openTimes().length).sum();
    long hits =
        heldOut.stream()
            .flatMapToDouble(s -> Arrays.stream(s.probabilities()))
            .filter(p -> p <= threshold)
            .count();
    if (rows > 0 && hits > rows * MAX_HIT_SHARE) {
      // Hits merged under the cooldown into so few alerts that even a threshold passing most
      // candles stays within budget: an alert would mean nothing, so say so rather than train it.
      throw new dev.cryptoanomaly.BadArgumentException(
          "cooldown",
          String.format(
              java.util.Locale.ROOT,
              "%s is too long at this interval: hits merge into so few alerts that no threshold"
                  + " keeps to %s alerts per symbol-day until %.0f%% of candles would be hits;"
                  + " choose a shorter one",
              Cooldown.format(cooldownTime),
              dev.cryptoanomaly.Numbers.format(budget),
              100.0 * hits / rows));
    }
    return new AlertPolicy(budget, cooldown, threshold, intervalMillis);
  }

  private static long alertCount(
      List<Scored> heldOut, double budget, long cooldown, double threshold, long intervalMillis) {
    AlertPolicy trial = new AlertPolicy(budget, cooldown, threshold, intervalMillis);
    return heldOut.stream().mapToLong(s -> trial.alerts(s).size()).sum();
  }

  /** The alerts of one series' scored candles. */
  public List<Alert> alerts(Scored s) {
    List<Alert> out = new ArrayList<>();
    AlertGrouper grouper = new AlertGrouper(this, s.symbol());
    long[] t = s.openTimes();
    for (int i = 0; i < t.length; i++) {
      Alert closed = grouper.accept(t[i], s.scores()[i], s.probabilities()[i], i);
      if (closed != null) {
        out.add(closed);
      }
    }
    if (grouper.current() != null) {
      out.add(grouper.current());
    }
    return out;
  }
}
