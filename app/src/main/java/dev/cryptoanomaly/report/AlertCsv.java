package dev.cryptoanomaly.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cryptoanomaly.Numbers;
import dev.cryptoanomaly.detect.Explanation;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.model.ModelRef;
import dev.cryptoanomaly.store.SeriesAnomaly;
import dev.cryptoanomaly.store.SeriesCoverage;
import dev.cryptoanomaly.store.StoredAnomaly;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Stored alerts as CSV, one per line with a header: times in ISO-8601 to the second, the series'
 * source, the top feature of the explanation. The same file from {@code alerts --csv} and the
 * dashboard's download.
 */
public final class AlertCsv {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] HEADER = {
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
    "top_feature_share"
  };

  private AlertCsv() {}

  public static String of(List<SeriesAnomaly> alerts, List<SeriesCoverage> coverage) {
    Map<SeriesKey, String> sources = new HashMap<>();
    for (SeriesCoverage c : coverage) {
      sources.put(c.series(), c.sourceLabel());
    }
    StringWriter out = new StringWriter();
    try (CSVPrinter csv =
        new CSVPrinter(out, CSVFormat.DEFAULT.builder().setHeader(HEADER).get())) {
      for (SeriesAnomaly a : alerts) {
        StoredAnomaly s = a.anomaly();
        Explanation.Contribution top = top(s.explanationJson());
        csv.printRecord(
            Numbers.instant(s.firstHit()),
            Numbers.instant(s.openTime()),
            Numbers.instant(s.lastHit()),
            a.series().market().cliName(),
            a.series().symbol(),
            a.series().interval().archiveName(),
            sources.getOrDefault(a.series(), "unknown"),
            s.severity().id(),
            s.probability(),
            s.score(),
            s.hits(),
            ModelRef.of(s.model(), s.modelVersion()),
            top == null ? "" : top.feature(),
            top == null ? "" : top.share());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static Explanation.Contribution top(String json) {
    try {
      List<Explanation.Contribution> c = JSON.readValue(json, Explanation.class).contributions();
      return c == null || c.isEmpty() ? null : c.getFirst();
    } catch (IOException | RuntimeException e) {
      return null; // an alert without a readable explanation is still a row
    }
  }
}
