package dev.cryptoanomaly.web;

import dev.cryptoanomaly.UserException;
import dev.cryptoanomaly.alert.Severity;
import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Market;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.model.ModelRef;
import dev.cryptoanomaly.store.AlertQuery;
import dev.cryptoanomaly.store.Provenance;
import dev.cryptoanomaly.store.SeriesAnomaly;
import dev.cryptoanomaly.store.SeriesCoverage;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Stored alerts as an analyst filters them (symbol, severity, model, interval, market, source,
 * period), newest candle first, for the Overview's table and as JSON or CSV downloads: the same
 * query and the same rows in all three.
 */
final class AlertsView {
  static final List<String> FILTERS =
      List.of("symbol", "severity", "model", "interval", "market", "source", "from", "to", "limit");
  static final int SHOWN = 50;
  private static final int MOST = 100_000;

  private final Dashboard d;

  AlertsView(Dashboard d) {
    this.d = d;
  }

  /**
   * The query the filters ask for; {@code shown} alerts when no limit is given. A model is a name
   * (every version), {@code name@3}, or {@code name@champion} (the version it points to now).
   */
  AlertQuery query(Fields f, int shown) {
    f.only(FILTERS.toArray(String[]::new));
    List<String> symbols = f.has("symbol") ? f.symbols("symbol", null) : List.of();
    Severity atLeast =
        f.parsed(
            "severity",
            null,
            s -> {
              try {
                return Severity.parse(s);
              } catch (IllegalArgumentException e) {
                throw new UserException(e.getMessage() + " (warning, high or critical)");
              }
            });
    String modelText = f.text("model", null);
    String modelName = null;
    Integer version = null;
    if (modelText != null) {
      ModelRef model = f.parsed("model", null, ModelRef::parse);
      modelName = model.name();
      if (model.alias() == null) {
        version = model.version();
      } else if (modelText.contains("@")) {
        try {
          version = d.reachableRegistry().resolve(model).version();
        } catch (UserException e) {
          throw new UserException("field 'model': " + e.getMessage(), e);
        }
      }
    }
    return new AlertQuery(
        f.parsed("market", null, Market::parse),
        symbols,
        f.parsed("interval", null, Interval::parse),
        atLeast,
        modelName,
        version,
        sources(f.text("source", null)),
        day(f, "from", false),
        day(f, "to", true),
        f.integer("limit", shown, 1, MOST));
  }

  private static Set<Provenance.Kind> sources(String source) {
    if (source == null) {
      return Set.of();
    }
    return switch (source) {
      case "simulated" -> EnumSet.of(Provenance.Kind.SYNTHETIC);
      case "binance" ->
          EnumSet.of(Provenance.Kind.ARCHIVE, Provenance.Kind.REST, Provenance.Kind.WEBSOCKET);
      case "import" -> EnumSet.of(Provenance.Kind.IMPORT);
      default ->
          throw new UserException(
              "field 'source' must be simulated, binance or import, not '" + source + "'");
    };
  }

  private static Long day(Fields f, String name, boolean end) {
    String text = f.date(name);
    if (text == null) {
      return null;
    }
    java.time.LocalDate day = java.time.LocalDate.parse(text);
    return (end ? day.plusDays(1) : day)
        .atStartOfDay(java.time.ZoneOffset.UTC)
        .toInstant()
        .toEpochMilli();
  }

  /** The alerts of a query as rows for the page and the JSON download, with their source. */
  List<Map<String, Object>> rows(Map<String, Object> filters, int shown) {
    AlertQuery q = query(new Fields(filters), shown);
    Map<SeriesKey, String> sources = new HashMap<>();
    for (SeriesCoverage c : d.coverage.coverage()) {
      sources.put(c.series(), c.sourceLabel());
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (SeriesAnomaly a : d.store().alerts(q)) {
      Map<String, Object> r = Dashboard.anomaly(a.series(), a.anomaly());
      r.put("source", sources.getOrDefault(a.series(), "unknown"));
      out.add(r);
    }
    return out;
  }

  /** The same rows as CSV: one alert per line, times in ISO-8601, the top feature named. */
  static String csv(List<Map<String, Object>> rows) {
    StringWriter out = new StringWriter();
    CSVFormat format =
        CSVFormat.DEFAULT
            .builder()
            .setHeader(
                "onset",
                "peak",
                "last_hit",
                "market",
                "symbol",
                "interval",
                "source",
                "severity",
                "probability",
                "score",
                "hits",
                "model",
                "top_feature",
                "top_feature_share")
            .get();
    try (CSVPrinter csv = new CSVPrinter(out, format)) {
      for (Map<String, Object> r : rows) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> bars = (List<Map<String, Object>>) r.get("explanation");
        Map<String, Object> top = bars.isEmpty() ? Map.of() : bars.getFirst();
        csv.printRecord(
            r.get("onset"),
            r.get("at"),
            dev.cryptoanomaly.Numbers.instant((Long) r.get("last_hit")),
            r.get("market"),
            r.get("symbol"),
            r.get("interval"),
            r.get("source"),
            r.get("severity"),
            r.get("probability"),
            r.get("score"),
            r.get("hits"),
            r.get("model"),
            top.getOrDefault("feature", ""),
            top.getOrDefault("share", ""));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** What the filter form offers, from what is stored. */
  Map<String, Object> choices() {
    Map<String, Object> c = new LinkedHashMap<>();
    List<SeriesCoverage> coverage = d.coverage.coverage();
    c.put("symbols", coverage.stream().map(x -> x.series().symbol()).distinct().sorted().toList());
    c.put(
        "intervals",
        coverage.stream().map(x -> x.series().interval().archiveName()).distinct().toList());
    c.put("markets", coverage.stream().map(x -> x.series().market().cliName()).distinct().toList());
    c.put("severities", List.of("warning", "high", "critical"));
    c.put("sources", List.of("simulated", "binance", "import"));
    return c;
  }
}
