package dev.cryptoanomaly.report;

import dev.cryptoanomaly.BadArgumentException;
import dev.cryptoanomaly.alert.IncidentScope;
import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Market;
import dev.cryptoanomaly.kline.Symbols;
import dev.cryptoanomaly.store.IncidentQuery;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * How an analyst filters incidents, on the command line ({@code incidents}) or the dashboard; null
 * means no filter, and a complaint names the flag or field.
 *
 * @param since a day ({@code 2024-08-05}) or an instant ({@code 2024-08-05T00:00:00Z}): incidents
 *     still running then or later
 */
public record IncidentFilters(
    String scope, String since, String symbol, String market, String interval, int limit) {
  public IncidentQuery query() {
    return new IncidentQuery(
        blank(market) ? null : named("market", () -> Market.parse(market)),
        blank(interval) ? null : named("interval", () -> Interval.parse(interval)),
        null,
        blank(scope) ? null : IncidentScope.parse(scope, "scope"),
        blank(symbol) ? null : named("symbol", () -> Symbols.normalise(symbol)),
        blank(since) ? null : since(since),
        null,
        limit);
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static long since(String text) {
    String t = text.strip();
    try {
      if (t.length() == 10) {
        return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
      }
      return Instant.parse(t).toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new BadArgumentException(
          "since",
          "must be a day like 2024-08-05 or a time like 2024-08-05T00:15:00Z, not '" + t + "'");
    }
  }

  private static <T> T named(String name, java.util.function.Supplier<T> check) {
    try {
      return check.get();
    } catch (BadArgumentException e) {
      throw e;
    } catch (dev.cryptoanomaly.UserException | IllegalArgumentException e) {
      throw new BadArgumentException(name, e.getMessage());
    }
  }
}
