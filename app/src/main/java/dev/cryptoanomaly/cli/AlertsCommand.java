package dev.cryptoanomaly.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cryptoanomaly.Numbers;
import dev.cryptoanomaly.alert.PriceMove;
import dev.cryptoanomaly.config.Settings;
import dev.cryptoanomaly.kafka.AlertRecord;
import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Market;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.model.ModelRef;
import dev.cryptoanomaly.online.AlertJson;
import dev.cryptoanomaly.report.AlertCsv;
import dev.cryptoanomaly.report.AlertFilters;
import dev.cryptoanomaly.report.PriceMoves;
import dev.cryptoanomaly.store.AlertQuery;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.store.Provenance;
import dev.cryptoanomaly.store.SeriesAnomaly;
import dev.cryptoanomaly.store.SeriesCoverage;
import dev.cryptoanomaly.store.StoredAnomaly;
import dev.cryptoanomaly.store.Stores;
import dev.cryptoanomaly.stream.Redis;
import dev.cryptoanomaly.stream.RedisAlertStream;
import dev.cryptoanomaly.stream.kafka.KafkaAlertFeed;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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
    subcommands = {AlertTriageCommand.class, AlertExportCommand.class},
    description = {
      "Show the latest stored alerts; with --follow, keep printing new ones as workers or the"
          + " Flink job announce them (from the Kafka topic crypto-anomaly.alerts with"
          + " KAFKA_BOOTSTRAP_SERVERS, from the Redis stream crypto-anomaly:alerts with REDIS_URL,"
          + " else from the store).",
      "Filters (on what is stored, newest candle last): --symbols, --severity (the least shown),"
          + " --model (NAME, NAME@3 or NAME@champion), --interval, --market, --source (simulated,"
          + " binance or import), --start/--end (dates, the end included); with --follow they"
          + " apply to new alerts too. --csv prints them as CSV, as the dashboard's download.",
      "Examples: alerts --limit 50 | alerts --severity high --source binance --csv | alerts"
          + " --follow --severity critical --json"
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

  @Option(
      names = "--scope",
      description = "Only alerts in incidents of this scope: market-wide or single-asset.")
  String scope;

  @Option(names = "--incident", description = "Only the alerts of this incident (its id, i...).")
  String incident;

  @Option(
      names = "--triage",
      description =
          "Only alerts whose latest verdict is confirmed, dismissed or known-event, or untriaged"
              + " for those without one.")
  String triage;

  private boolean filtered() {
    return symbols != null
        || severity != null
        || model != null
        || interval != null
        || market != null
        || source != null
        || start != null
        || end != null
        || scope != null
        || incident != null
        || triage != null;
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (csv && follow) {
      throw new dev.cryptoanomaly.UserException(
          "--csv writes the stored alerts once; with --follow, use --json for one line per alert");
    }
    if (follow && (scope != null || incident != null || triage != null)) {
      throw new dev.cryptoanomaly.UserException(
          "--scope, --incident and --triage filter stored alerts; --follow prints alerts as they"
              + " are announced, before any incident or verdict: drop one of them");
    }
    if (limit < 0) {
      throw new dev.cryptoanomaly.UserException("--limit must be 0 or more, got " + limit);
    }
    Settings settings = main.settings();
    PrintWriter out = main.out();
    AlertQuery query =
        new AlertFilters(
                symbols,
                severity,
                model,
                interval,
                market,
                source,
                start,
                end,
                Math.max(1, limit),
                scope,
                incident,
                triage)
            .query(() -> dev.cryptoanomaly.model.registry.Registries.open(settings));
    // Where following the Kafka topic or the Redis stream starts, taken before the stored alerts
    // are listed, so an alert announced meanwhile is printed rather than lost between the two.
    boolean kafka = follow && settings.kafka().bootstrapServers().isPresent();
    try (KafkaAlertFeed feed = kafka ? KafkaAlertFeed.fromEnd(settings.kafka()) : null) {
      StreamEntryID announcedBefore =
          follow && !kafka && settings.redisUrl().isPresent() ? lastAnnouncement(settings) : null;
      try (KlineStore store = Stores.open(settings)) {
        List<SeriesAnomaly> found = limit == 0 ? List.of() : store.alerts(query);
        if (csv) {
          out.print(AlertCsv.of(found, store.coverage()));
        } else {
          for (SeriesAnomaly a : found.reversed()) {
            out.println(format(a, store));
          }
        }
        if (!follow && found.isEmpty() && !csv && limit > 0) {
          out.println(
              filtered()
                  ? "no stored alerts match these filters"
                  : "no alerts stored yet; run `detect` or `stream`");
        }
        out.flush();
        if (!follow) {
          return 0;
        }
        if (feed == null && settings.redisUrl().isEmpty()) {
          List<SeriesAnomaly> newest = store.latestAnomalies(1);
          long cursor =
              newest.isEmpty() ? Long.MIN_VALUE : newest.getFirst().anomaly().detectedAt();
          followStore(store, query, cursor, out);
          return 0;
        }
      }
      if (feed != null) {
        followKafka(settings, query, feed, out);
      } else {
        followRedis(settings, query, announcedBefore, out);
      }
    }
    return 0;
  }

  /** Announcements on the Kafka alerts topic, those the filters admit. */
  private void followKafka(
      Settings settings, AlertQuery query, KafkaAlertFeed feed, PrintWriter out) {
    try (KlineStore store = query.sources().isEmpty() ? null : Stores.open(settings)) {
      while (!Thread.currentThread().isInterrupted()) {
        List<KafkaAlertFeed.Announcement> read = feed.poll(Duration.ofSeconds(1));
        if (read.isEmpty()) {
          continue;
        }
        Map<SeriesKey, Set<Provenance.Kind>> sources = sources(store, query);
        for (KafkaAlertFeed.Announcement a : read) {
          if (AlertRecord.INCIDENT.equals(a.kind())) {
            printIncident(a.json(), out);
          } else {
            printAlert(a.json(), query, sources, out);
          }
        }
        out.flush();
      }
    }
  }

  /** An incident announcement: shown when no filter narrows the feed to some alerts. */
  private void printIncident(String incident, PrintWriter out) {
    if (!filtered()) {
      out.println(json ? incident : humanIncident(incident));
    }
  }

  private void printAlert(
      String alert,
      AlertQuery query,
      Map<SeriesKey, Set<Provenance.Kind>> sources,
      PrintWriter out) {
    if (admits(query, AlertJson.read(alert), sources)) {
      out.println(json ? alert : human(alert));
    }
  }

  /** The alert stream's newest entry, or the stream's start when it holds none. */
  private static StreamEntryID lastAnnouncement(Settings settings) {
    try (RedisClient redis = Redis.open(settings.redisUrl().get())) {
      var newest =
          Redis.retrying(
              "reading the alert stream", () -> redis.xrevrange(RedisAlertStream.KEY, "+", "-", 1));
      return newest.isEmpty() ? new StreamEntryID(0, 0) : newest.getFirst().getID();
    }
  }

  /** New alerts as the store receives them, those the filters admit. */
  private void followStore(KlineStore store, AlertQuery query, long cursor, PrintWriter out)
      throws InterruptedException {
    while (!Thread.currentThread().isInterrupted()) {
      Thread.sleep(1_000);
      List<SeriesAnomaly> fresh = store.anomaliesDetectedAfter(cursor, 1_000);
      Map<SeriesKey, Set<Provenance.Kind>> sources =
          fresh.isEmpty() ? Map.of() : sources(store, query);
      for (SeriesAnomaly a : fresh) {
        if (query.admits(a, sources.getOrDefault(a.series(), Set.of()))) {
          out.println(format(a, store));
        }
        cursor = Math.max(cursor, a.anomaly().detectedAt());
      }
      out.flush();
    }
  }

  /** Announcements on the Redis alert stream, those the filters admit. */
  private void followRedis(
      Settings settings, AlertQuery query, StreamEntryID after, PrintWriter out) {
    try (RedisClient redis = Redis.open(settings.redisUrl().get());
        KlineStore store = query.sources().isEmpty() ? null : Stores.open(settings)) {
      StreamEntryID from = after;
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
        Map<SeriesKey, Set<Provenance.Kind>> sources = sources(store, query);
        for (var stream : read) {
          for (var entry : stream.getValue()) {
            from = entry.getID();
            String alert = entry.getFields().get("alert");
            if (alert == null) {
              String incident = entry.getFields().get(RedisAlertStream.INCIDENT_FIELD);
              if (incident != null) {
                printIncident(incident, out);
              }
              continue;
            }
            printAlert(alert, query, sources, out);
          }
        }
        out.flush();
      }
    }
  }

  private static boolean admits(
      AlertQuery query, AlertJson a, Map<SeriesKey, Set<Provenance.Kind>> sources) {
    SeriesKey series =
        new SeriesKey(Market.parse(a.market()), a.symbol(), Interval.parse(a.interval()));
    ModelRef ref = ModelRef.parse(a.model());
    return query.admits(
        series,
        a.severity(),
        ref.name(),
        ref.version(),
        Instant.parse(a.openTime()).toEpochMilli(),
        sources.getOrDefault(series, Set.of()));
  }

  /** Each series' sources, read only when the query filters on them. */
  private static Map<SeriesKey, Set<Provenance.Kind>> sources(KlineStore store, AlertQuery query) {
    if (store == null || query.sources().isEmpty()) {
      return Map.of();
    }
    Map<SeriesKey, Set<Provenance.Kind>> m = new HashMap<>();
    for (SeriesCoverage c : store.coverage()) {
      m.put(c.series(), c.sources());
    }
    return m;
  }

  private String format(SeriesAnomaly a, KlineStore store) {
    StoredAnomaly s = a.anomaly();
    if (json) {
      return AlertJson.of(a.series(), s).toJson();
    }
    PriceMove move = PriceMoves.of(store, a.series(), s);
    return String.format(
            Locale.ROOT,
            "%-8s %-10s %-4s %-20s peak=%s p=%s score=%s hits=%d move=%s close=%s %s",
            s.severity().id(),
            a.series().symbol(),
            a.series().interval().apiName(),
            Numbers.instant(s.firstHit()),
            Numbers.instant(s.openTime()),
            Numbers.probability(s.probability()),
            Numbers.format(s.score()),
            s.hits(),
            move == null ? Numbers.UNDEFINED : Numbers.change(move.change()),
            move == null ? Numbers.UNDEFINED : Numbers.format(move.peakClose()),
            ModelRef.of(s.model(), s.modelVersion()))
        + " id="
        + a.id();
  }

  private static String humanIncident(String incidentJson) {
    try {
      var n = JSON.readTree(incidentJson);
      return String.format(
          Locale.ROOT,
          "INCIDENT %-12s %-8s %d/%d symbols lead=%s %s onset=%s id=%s",
          n.path("scope").asText(),
          n.path("severity").asText(),
          n.path("symbols").size(),
          n.path("watched").asInt(),
          n.path("lead").asText(),
          n.path("interval").asText(),
          n.path("onset").asText(),
          n.path("id").asText());
    } catch (java.io.IOException e) {
      return "INCIDENT (unreadable announcement: " + e.getMessage() + ")";
    }
  }

  private static String human(String alertJson) {
    AlertJson n = AlertJson.read(alertJson);
    return String.format(
        Locale.ROOT,
        "%-8s %-10s %-4s %-20s peak=%s p=%s score=%s hits=%d %s (%s) id=%s",
        n.severity().id(),
        n.symbol(),
        n.interval(),
        n.firstHit(),
        n.openTime(),
        Numbers.probability(n.probability()),
        Numbers.format(n.score()),
        n.hits(),
        n.model(),
        n.kind(),
        n.id());
  }
}
