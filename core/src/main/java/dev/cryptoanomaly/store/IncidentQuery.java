package dev.cryptoanomaly.store;

import dev.cryptoanomaly.alert.IncidentScope;
import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Market;

/**
 * Which stored incidents to list; a null criterion matches every incident.
 *
 * @param symbol an incident with this symbol among its members
 * @param from latest hit at or after this time (epoch ms): still running then, or later
 * @param to onset before this time (exclusive)
 * @param limit the most incidents returned, the latest onset first
 */
public record IncidentQuery(
    Market market,
    Interval interval,
    String model,
    IncidentScope scope,
    String symbol,
    Long from,
    Long to,
    int limit) {
  public static IncidentQuery latest(int limit) {
    return new IncidentQuery(null, null, null, null, null, null, null, limit);
  }
}
