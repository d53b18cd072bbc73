package dev.cryptoanomaly.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cryptoanomaly.Numbers;
import dev.cryptoanomaly.config.Settings;
import dev.cryptoanomaly.model.ModelRef;
import dev.cryptoanomaly.report.AlertCsv;
import dev.cryptoanomaly.report.AlertFilters;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.store.SeriesAnomaly;
import dev.cryptoanomaly.store.StoredAnomaly;
import dev.cryptoanomaly.store.Stores;
import dev.cryptoanomaly.stream.AlertJson;
import dev.cryptoanomaly.stream.Redis;
import dev.cryptoanomaly.stream.RedisAlertStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XReadParams;

/** {@code alerts}: the latest alerts, or a live feed of them. */
@Command(
    name = "alerts",
    mixinStandardHelpOptions = true,
    description = {
      "Show the latest stored alerts; with --follow, keep printing new ones as workers announce"
          + " them (from the Redis stream crypto-anomaly:alerts with REDIS_URL, else from the"
          + " store).",
      "Filters (on what is stored, newest candle last): --symbols, --severity (the least shown),"
          + " --model (NAME, NAME@3 or NAME@champion), --interval, --market, --source (simulated,"
          + " binance or import), --start/--end (dates, the end included). --csv prints them as"
          + " CSV, as the dashboard's download.",
      "Examples: alerts --limit 50 | alerts --severity high --source binance --csv | alerts"
          + " --follow --json"
    })
final class AlertsCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @ParentCommand Main main;

  @Option(names = "--follow", description = "Keep printing new alerts until interrupted.")
  boolean follow;

  @Option(names = "--json", description = "One JSON object per line.")
  boolean json;

  @Option(
      names = "--limit",
      defaultValue = "20",
      description = "How many of the latest alerts to show first (default ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--symbols", split = ",", description = "Only these pairs.")
  List<String> symbols;

  @Option(names = "--severity", description = "The least severity shown: warning, high, critical.")
  String severity;

  @Option(names = "--model", description = "NAME (every version), NAME@3 or NAME@champion.")
  String model;

  @Option(names = "--interval", description = "Only this interval, such as 5m.")
  String interval;

  @Option(names = "--market", description = "spot or futures-um.")
  String market;

  @Option(names = "--source", description = "simulated, binance or import.")
  String source;

  @Option(names = "--start", description = "First day (YYYY-MM-DD).")
  String start;

  @Option(names = "--end", description = "Last day (YYYY-MM-DD), included.")
  String end;

  @Option(names = "--csv", description = "CSV with a header, as the dashboard's download.")
  boolean csv;

  private boolean filtered() {
    return symbols != null
        || severity != null
        || model != null
        || interval != null
        || market != null
        || source != null
        || start != null
        || end != null
        || csv;
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (filtered()) {
      if (follow) {
        throw new dev.cryptoanomaly.UserException(
            "--follow prints every new alert; the filters and --csv apply to stored alerts only");
      }
      if (limit < 1) {
        throw new dev.cryptoanomaly.UserException("--limit must be 1 or more, got " + limit);
      }
      try (KlineStore store = Stores.open(main.settings())) {
        List<SeriesAnomaly> found =
            store.alerts(
                new AlertFilters(
                        symbols, severity, model, interval, market, source, start, end, limit)
                    .query(
                        () -> dev.cryptoanomaly.model.registry.Registries.open(main.settings())));
        PrintWriter out = main.out();
        if (csv) {
          out.print(AlertCsv.of(found, store.coverage()));
        } else if (found.isEmpty()) {
          out.println("no stored alerts match these filters");
        } else {
          for (SeriesAnomaly a : found.reversed()) {
            out.println(format(a));
          }
        }
        out.flush();
      }
      return 0;
    }
    Settings settings = main.settings();
    PrintWriter out = main.out();
    if (limit < 0) {
      throw new dev.cryptoanomaly.UserException("--limit must be 0 or more, got " + limit);
    }
    long cursor;
    try (KlineStore store = Stores.open(settings)) {
      // At least one, to know whether there are any and where following starts.
      List<SeriesAnomaly> latest = store.latestAnomalies(Math.max(1, limit));
      for (SeriesAnomaly a :
          latest.subList(latest.size() - Math.min(limit, latest.size()), latest.size())) {
        out.println(format(a));
      }
      if (!follow && latest.isEmpty()) {
        out.println("no alerts stored yet; run `detect` or `stream`");
      }
      cursor =
          latest.isEmpty() ? Long.MIN_VALUE : latest.get(latest.size() - 1).anomaly().detectedAt();
      out.flush();
      if (!follow) {
        return 0;
      }
      if (settings.redisUrl().isEmpty()) {
        while (!Thread.currentThread().isInterrupted()) {
          Thread.sleep(1_000);
          for (SeriesAnomaly a : store.anomaliesDetectedAfter(cursor, 1_000)) {
            out.println(format(a));
            cursor = Math.max(cursor, a.anomaly().detectedAt());
          }
          out.flush();
        }
        return 0;
      }
    }
    try (RedisClient redis = Redis.open(settings.redisUrl().get())) {
      StreamEntryID from = StreamEntryID.XREAD_NEW_ENTRY;
      while (!Thread.currentThread().isInterrupted()) {
        StreamEntryID start = from;
        var read =
            Redis.retrying(
                "following alerts",
                () ->
                    redis.xread(
                        XReadParams.xReadParams().block(1_000).count(100),
                        Map.of(RedisAlertStream.KEY, start)));
        if (read == null) {
          continue;
        }
        for (var stream : read) {
          for (var entry : stream.getValue()) {
            from = entry.getID();
            String alert = entry.getFields().get("alert");
            out.println(json ? alert : human(alert));
          }
        }
        out.flush();
      }
    }
    return 0;
  }

  private String format(SeriesAnomaly a) {
    StoredAnomaly s = a.anomaly();
    if (json) {
      return AlertJson.of(a.series(), s).toJson();
    }
    return String.format(
        Locale.ROOT,
        "%-8s %-10s %-4s %-20s p=%s score=%s hits=%d %s",
        s.severity().id(),
        a.series().symbol(),
        a.series().interval().apiName(),
        Numbers.instant(s.openTime()),
        Numbers.probability(s.probability()),
        Numbers.format(s.score()),
        s.hits(),
        ModelRef.of(s.model(), s.modelVersion()));
  }

  private static String human(String alertJson) {
    AlertJson n = AlertJson.read(alertJson);
    return String.format(
        Locale.ROOT,
        "%-8s %-10s %-4s %-20s p=%s score=%s hits=%d %s (%s)",
        n.severity().id(),
        n.symbol(),
        n.interval(),
        n.openTime(),
        Numbers.probability(n.probability()),
        Numbers.format(n.score()),
        n.hits(),
        n.model(),
        n.kind());
  }
}
