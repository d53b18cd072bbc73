package dev.cryptoanomaly.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cryptoanomaly.store.Gap;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.store.SeriesCoverage;
import dev.cryptoanomaly.store.Stores;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code status}: coverage per series, with the missing candles. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description =
        "Per symbol and interval: first and last candle, rows and missing candles (gaps).")
final class StatusCommand implements Callable<Integer> {
  private static final int GAPS_LISTED = 100;

  @ParentCommand Main main;

  @Option(names = "--json", description = "Print JSON (with the gap ranges).")
  boolean json;

  @Override
  public Integer call() throws Exception {
    try (KlineStore store = Stores.open(main.settings())) {
      List<SeriesCoverage> coverage = store.coverage();
      if (!json) {
        Reports.printCoverage(coverage, main.out());
        return 0;
      }
      ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      ObjectNode root = mapper.createObjectNode();
      root.put("store", store.describe());
      ArrayNode series = root.putArray("series");
      for (SeriesCoverage c : coverage) {
        ObjectNode n = series.addObject();
        n.put("market", c.series().market().cliName());
        n.put("symbol", c.series().symbol());
        n.put("interval", c.series().interval().archiveName());
        n.put("first", Instant.ofEpochMilli(c.firstOpenTime()).toString());
        n.put("last", Instant.ofEpochMilli(c.lastOpenTime()).toString());
        n.put("rows", c.rows());
        n.put("missing", c.missing());
        n.put("gap_count", c.gaps());
        n.put("source", c.sourceLabel());
        ArrayNode gaps = n.putArray("gaps");
        for (Gap g : store.gaps(c.series()).stream().limit(GAPS_LISTED).toList()) {
          ObjectNode gn = gaps.addObject();
          gn.put("from", Instant.ofEpochMilli(g.from()).toString());
          gn.put("to", Instant.ofEpochMilli(g.to()).toString());
          gn.put("missing", g.missing());
        }
      }
      main.out().println(mapper.writeValueAsString(root));
      return 0;
    }
  }
}
