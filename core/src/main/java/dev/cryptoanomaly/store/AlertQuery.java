package dev.cryptoanomaly.store;

import dev.cryptoanomaly.alert.Severity;
import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Market;
import dev.cryptoanomaly.kline.SeriesKey;
import java.util.List;
import java.util.Set;

/**
 * Which stored alerts an analyst asks for; a null or empty criterion matches every alert.
 *
 * @param atLeast the least severity shown: {@code high} shows high and critical alerts
 * @param modelVersion with {@code modelName}, one version; null for every version of it
 * @param sources where the series' candles came from (any of its provenance entries)
 * @param from earliest open time (inclusive), epoch millis
 * @param to latest open time (exclusive), epoch millis
 * @param limit the most alerts returned, newest first
 */
public record AlertQuery(
    Market market,
    List<String> symbols,
    Interval interval,
    Severity atLeast,
    String modelName,
    Integer modelVersion,
    Set<Provenance.Kind> sources,
    Long from,
    Long to,
    int limit,
    dev.cryptoanomaly.alert.IncidentScope scope,
    String incident,
    Triaged triaged) {
  public AlertQuery {
    symbols = symbols == null ? List.of() : List.copyOf(symbols);
    sources = sources == null ? Set.of() : Set.copyOf(sources);
  }

  /**
   * Which analyst verdict an alert's own latest triage must be: one state, or none yet ({@code
   * state} null).
   */
  public record Triaged(dev.cryptoanomaly.alert.TriageState state) {
    public static final Triaged NOT_YET = new Triaged(null);
  }

  /** Alerts by series, model and time, whatever their incidents and triage. */
  public AlertQuery(
      Market market,
      List<String> symbols,
      Interval interval,
      Severity atLeast,
      String modelName,
      Integer modelVersion,
      Set<Provenance.Kind> sources,
      Long from,
      Long to,
      int limit) {
    this(
        market,
        symbols,
        interval,
        atLeast,
        modelName,
        modelVersion,
        sources,
        from,
        to,
        limit,
        null,
        null,
        null);
  }

  /**
   * The same query narrowed to alerts in incidents of a scope, in one incident, or with a verdict;
   * null leaves a criterion out.
   */
  public AlertQuery narrowed(
      dev.cryptoanomaly.alert.IncidentScope scope, String incident, Triaged triaged) {
    return new AlertQuery(
        market,
        symbols,
        interval,
        atLeast,
        modelName,
        modelVersion,
        sources,
        from,
        to,
        limit,
        scope,
        incident,
        triaged);
  }

  /** Whether the query asks about incidents or triage, which only the store can answer. */
  public boolean asksIncidentsOrTriage() {
    return scope != null || incident != null || triaged != null;
  }

  /**
   * Whether one alert passes every criterion, as the store's query decides it: for alerts that were
   * never queried, such as those {@code alerts --follow} reads as they are announced.
   *
   * @param seriesSources the kinds of provenance the alert's series holds
   */
  public boolean admits(
      SeriesKey series,
      Severity severity,
      String model,
      int version,
      long openTime,
      Set<Provenance.Kind> seriesSources) {
    return (market == null || market == series.market())
        && (symbols.isEmpty() || symbols.contains(series.symbol()))
        && (interval == null || interval == series.interval())
        && (atLeast == null || severity.compareTo(atLeast) >= 0)
        && (modelName == null
            || modelName.equals(model) && (modelVersion == null || modelVersion == version))
        && (sources.isEmpty() || seriesSources.stream().anyMatch(sources::contains))
        && (from == null || openTime >= from)
        && (to == null || openTime < to);
  }

  /** The same for a stored alert of a series. */
  public boolean admits(SeriesAnomaly a, Set<Provenance.Kind> seriesSources) {
    StoredAnomaly s = a.anomaly();
    return admits(
        a.series(), s.severity(), s.model(), s.modelVersion(), s.openTime(), seriesSources);
  }

  /** The newest {@code limit} alerts, whatever they are. */
  public static AlertQuery latest(int limit) {
    return new AlertQuery(null, null, null, null, null, null, null, null, null, limit);
  }
}
