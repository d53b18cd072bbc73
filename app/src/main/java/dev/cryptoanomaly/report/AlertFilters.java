package dev.cryptoanomaly.report;

import dev.cryptoanomaly.BadArgumentException;
import dev.cryptoanomaly.UserException;
import dev.cryptoanomaly.alert.AlertIds;
import dev.cryptoanomaly.alert.IncidentScope;
import dev.cryptoanomaly.alert.Severity;
import dev.cryptoanomaly.alert.TriageState;
import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Market;
import dev.cryptoanomaly.kline.Symbols;
import dev.cryptoanomaly.model.ModelRef;
import dev.cryptoanomaly.model.registry.ModelRegistry;
import dev.cryptoanomaly.store.AlertQuery;
import dev.cryptoanomaly.store.SeriesCoverage;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.function.Supplier;

/**
 * How an analyst filters stored alerts, as typed on the command line or in the dashboard's form;
 * null means no filter. One reading of them for both, whose complaints name the flag or the field
 * ({@link BadArgumentException}).
 *
 * @param model {@code NAME} (every version), {@code NAME@3}, or {@code NAME@champion} (the version
 *     the alias points to now)
 * @param start first day, YYYY-MM-DD; {@code end} is the last day, included
 * @param scope alerts in incidents of this scope ({@code market-wide} or {@code single-asset})
 * @param incident alerts of this incident (its id)
 * @param triage alerts whose latest verdict is this state, or {@code untriaged} for none yet
 */
public record AlertFilters(
    List<String> symbols,
    String severity,
    String model,
    String interval,
    String market,
    String source,
    String start,
    String end,
    int limit,
    String scope,
    String incident,
    String triage) {
  /** The word for alerts without a verdict. */
  public static final String UNTRIAGED = "untriaged";

  /** Filters of series, model and time only. */
  public AlertFilters(
      List<String> symbols,
      String severity,
      String model,
      String interval,
      String market,
      String source,
      String start,
      String end,
      int limit) {
    this(symbols, severity, model, interval, market, source, start, end, limit, null, null, null);
  }

  /** The store query; {@code registry} is asked only to resolve an alias. */
  public AlertQuery query(Supplier<ModelRegistry> registry) {
    List<String> pairs =
        symbols == null || symbols.isEmpty()
            ? List.of()
            : named("symbols", () -> Symbols.normaliseAll(symbols));
    Severity least =
        severity == null
            ? null
            : named(
                "severity",
                () -> {
                  try {
                    return Severity.parse(severity);
                  } catch (IllegalArgumentException e) {
                    throw new UserException(e.getMessage() + " (warning, high or critical)");
                  }
                });
    String modelName = null;
    Integer version = null;
    if (model != null) {
      ModelRef ref = named("model", () -> ModelRef.parse(model));
      modelName = ref.name();
      if (ref.alias() == null) {
        version = ref.version();
      } else if (model.contains("@")) {
        version = named("model", () -> registry.get().resolve(ref).version());
      }
    }
    Long from = day("start", start, false);
    Long to = day("end", end, true);
    if (from != null && to != null && to <= from) {
      throw new BadArgumentException("end", end + " is before the start date " + start);
    }
    return new AlertQuery(
            market == null ? null : named("market", () -> Market.parse(market)),
            pairs,
            interval == null ? null : named("interval", () -> Interval.parse(interval)),
            least,
            modelName,
            version,
            source == null ? null : named("source", () -> SeriesCoverage.kindsOf(source)),
            from,
            to,
            limit)
        .narrowed(
            scope == null ? null : named("scope", () -> IncidentScope.parse(scope, "scope")),
            incident == null ? null : named("incident", () -> incidentId(incident)),
            triage == null ? null : named("triage", () -> triaged(triage)));
  }

  private static String incidentId(String id) {
    String clean = id.strip();
    if (!clean.startsWith("i") || !AlertIds.wellFormed(clean)) {
      throw new UserException("'" + id + "' is not an incident id (i and 12 letters or digits)");
    }
    return clean;
  }

  private static AlertQuery.Triaged triaged(String state) {
    if (state.strip().equalsIgnoreCase(UNTRIAGED)) {
      return AlertQuery.Triaged.NOT_YET;
    }
    try {
      return new AlertQuery.Triaged(TriageState.parse(state, "triage"));
    } catch (BadArgumentException e) {
      throw new UserException(e.problem().replace("choose ", "choose untriaged, "));
    }
  }

  private static Long day(String name, String text, boolean end) {
    if (text == null) {
      return null;
    }
    try {
      LocalDate d = LocalDate.parse(text);
      return (end ? d.plusDays(1) : d).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new BadArgumentException(name, "must be a date like 2024-08-05, not '" + text + "'");
    }
  }

  /** Runs a check of one input; its one-line complaint comes back naming the input. */
  private static <T> T named(String name, Supplier<T> check) {
    try {
      return check.get();
    } catch (BadArgumentException e) {
      throw e;
    } catch (UserException e) {
      throw new BadArgumentException(name, e.getMessage());
    }
  }
}
