package dev.cryptoanomaly.web;

import dev.cryptoanomaly.Numbers;
import dev.cryptoanomaly.UserException;
import dev.cryptoanomaly.binance.BinanceKlineStream;
import dev.cryptoanomaly.kline.DateRange;
import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Market;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.kline.Symbols;
import dev.cryptoanomaly.model.ModelRef;
import dev.cryptoanomaly.model.registry.ModelChoice;
import dev.cryptoanomaly.model.registry.ModelRegistry;
import dev.cryptoanomaly.online.AlertSink;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.store.SeriesCoverage;
import dev.cryptoanomaly.stream.AlertSinks;
import dev.cryptoanomaly.stream.Buses;
import dev.cryptoanomaly.stream.CandleBus;
import dev.cryptoanomaly.stream.CandleSource;
import dev.cryptoanomaly.stream.ConsoleAlertSink;
import dev.cryptoanomaly.stream.DetectionWorker;
import dev.cryptoanomaly.stream.Pace;
import dev.cryptoanomaly.stream.ReplaySource;
import dev.cryptoanomaly.stream.StreamRun;
import dev.cryptoanomaly.stream.WorkerStats;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Live Detection: starts a replay of stored candles or the live Binance feed through the streaming
 * worker (in this process on the embedded default, the Redis workers otherwise), and shows one
 * series as the worker decides it: candles, the score against its threshold, and the alerts.
 */
final class LivePage {
  static final String STREAM = "stream";
  private final Dashboard d;

  LivePage(Dashboard d) {
    this.d = d;
  }

  Map<String, Object> model() {
    PageModel p = new PageModel();
    List<Map<String, Object>> coverage = p.section("coverage", () -> d.coverage(0), List.of());
    p.put("symbols", coverage.stream().map(c -> c.get("symbol")).distinct().toList());
    p.put("intervals", coverage.stream().map(c -> c.get("interval")).distinct().toList());
    p.put("markets", coverage.stream().map(c -> c.get("market")).distinct().toList());
    p.put("model", ModelRef.DEFAULT);
    // Registered versions, for the feed and the view: a 1m model cannot decide a 5m replay.
    p.section("models", () -> modelChoices(d.reachableRegistry()), List.of());
    p.put(
        "externalBus",
        d.settings.kafka().bootstrapServers().isPresent()
            ? "KAFKA_BOOTSTRAP_SERVERS is set: candles go to the Kafka topic "
                + d.settings.kafka().candlesTopic()
                + ", and the workers or the Flink job you run (crypto-anomaly worker, crypto-anomaly"
                + " flink run) decide them."
            : d.settings.redisUrl().isPresent()
                ? "REDIS_URL is set: candles go to Redis Streams, and the workers you run"
                    + " (crypto-anomaly worker) decide them."
                : null);
    if (coverage.isEmpty()) {
      p.hint("Nothing to replay yet: download candles on the Data Management page.");
    }
    p.put("jobs", d.jobs.recent(STREAM));
    return p.toMap();
  }

  /** Each registered version as the model selector offers it, with its market and interval. */
  static List<Map<String, Object>> modelChoices(ModelRegistry registry) {
    List<Map<String, Object>> out = new java.util.ArrayList<>();
    List<Map<String, Object>> versions = new java.util.ArrayList<>(TrainingPage.models(registry));
    // Champions first: what the feed and the view use unless told otherwise.
    versions.sort(java.util.Comparator.comparing(m -> !Boolean.TRUE.equals(m.get("champion"))));
    for (Map<String, Object> m : versions) {
      boolean champion = Boolean.TRUE.equals(m.get("champion"));
      out.add(
          Map.of(
              "ref",
              champion ? m.get("name") + "@" + ModelRef.CHAMPION : m.get("ref"),
              "label",
              m.get("ref")
                  + " ("
                  + m.get("market")
                  + " "
                  + m.get("interval")
                  + (champion ? ", champion" : "")
                  + ")"));
    }
    return out;
  }

  /**
   * The series a live view shows, from its query parameters: by default the window that ends at the
   * last decided candle, which follows a running feed or replay; with {@code from}/{@code to}
   * (dates or ISO instants) or {@code at} (an alert's time, centred) a fixed period instead.
   */
  record View(SeriesKey series, ModelRef model, OptionalLong from, OptionalLong to) {
    /** The most candles a fixed period shows at once (zoom in with the chart for detail). */
    static final int MAX_CANDLES = 5_000;

    /** Candles shown either side of an alert opened from a link. */
    static final int AROUND = 150;

    boolean follows() {
      return from.isEmpty();
    }

    static View of(Map<String, List<String>> query, List<SeriesKey> stored) {
      Fields f = new Fields(flatten(query));
      String symbol = f.text("symbol", null);
      SeriesKey series;
      if (symbol == null) {
        if (stored.isEmpty()) {
          throw new UserException("no candles stored yet: download some on Data Management");
        }
        series = stored.get(0);
      } else {
        series =
            new SeriesKey(
                f.parsed("market", "spot", Market::parse),
                Symbols.normalise(symbol),
                f.parsed(
                    "interval",
                    stored.isEmpty() ? "1m" : stored.get(0).interval().archiveName(),
                    Interval::parse));
      }
      ModelRef model = f.parsed("model", ModelRef.DEFAULT, ModelRef::parse);
      long step = series.interval().millis();
      OptionalLong at = time(f, "at", false);
      OptionalLong from = time(f, "from", false);
      OptionalLong to = time(f, "to", true);
      if (at.isPresent()) {
        from = OptionalLong.of(at.getAsLong() - AROUND * step);
        to = OptionalLong.of(at.getAsLong() + (AROUND + 1) * step);
      } else if (from.isPresent() && to.isEmpty()) {
        to = OptionalLong.of(from.getAsLong() + LiveFeed.WINDOW * step);
      } else if (to.isPresent() && from.isEmpty()) {
        from = OptionalLong.of(to.getAsLong() - LiveFeed.WINDOW * step);
      }
      if (from.isPresent() && to.getAsLong() <= from.getAsLong()) {
        throw new UserException("field 'to': the period ends before it starts");
      }
      return new View(series, model, from, to);
    }

    /**
     * A time field: a date (its start; with {@code endOfDay}, the start of the next day, so that an
     * end date is included) or an ISO instant such as 2024-08-05T06:00:00Z, or epoch millis.
     */
    private static OptionalLong time(Fields f, String name, boolean endOfDay) {
      String text = f.text(name, null);
      if (text == null) {
        return OptionalLong.empty();
      }
      try {
        if (text.chars().allMatch(Character::isDigit)) {
          return OptionalLong.of(Long.parseLong(text));
        }
        if (text.length() == 10) {
          LocalDate day = LocalDate.parse(text);
          return OptionalLong.of(
              (endOfDay ? day.plusDays(1) : day)
                  .atStartOfDay(ZoneOffset.UTC)
                  .toInstant()
                  .toEpochMilli());
        }
        String iso = text.endsWith("Z") ? text : text + (text.length() == 16 ? ":00Z" : "Z");
        return OptionalLong.of(java.time.Instant.parse(iso).toEpochMilli());
      } catch (java.time.format.DateTimeParseException | NumberFormatException e) {
        throw new UserException(
            "field '"
                + name
                + "' must be a date (2024-08-05) or a time (2024-08-05T06:00), not '"
                + text
                + "'");
      }
    }

    private static Map<String, Object> flatten(Map<String, List<String>> query) {
      Map<String, Object> m = new HashMap<>();
      query.forEach((k, v) -> m.put(k, v.isEmpty() ? null : v.get(0)));
      return m;
    }
  }

  BackgroundJobs.View start(Fields f) {
    String source = f.text("source", "replay").toLowerCase(Locale.ROOT);
    List<String> symbols = f.symbols("symbols", Symbols.DEFAULTS);
    Interval interval = f.parsed("interval", "1m", Interval::parse);
    Market market = f.parsed("market", "spot", Market::parse);
    String speedText = f.text("speed", "60");
    double speed = Pace.parse(speedText, "field 'speed'");
    ModelRef model = f.parsed("model", ModelRef.DEFAULT, ModelRef::parse);
    LocalDate today = LocalDate.now(d.clock.withZone(ZoneOffset.UTC));
    Integer days = f.integer("days", null, 1, 20_000);
    String start = f.date("start");
    String end = f.date("end");
    if (!source.equals("replay") && !source.equals("binance")) {
      throw new UserException("field 'source' must be replay or binance");
    }
    DateRange range =
        source.equals("replay") ? DateRange.resolve(null, days, start, end, today, 1) : null;
    boolean inProcess = !Buses.external(d.settings);
    ModelRegistry registry = inProcess ? d.reachableRegistry() : null;
    if (registry != null) {
      // One line now when there is no model, or it takes other candles (it would decide nothing).
      ModelChoice.resolve(registry, model, null).requireSeries(model, market, interval);
    }
    if (range != null) {
      requireCandlesIn(market, interval, symbols, range);
    }
    String title =
        (source.equals("replay")
                ? "replay "
                    + range.start()
                    + " to "
                    + range.end()
                    + (speed == 0 ? " at full speed" : " at " + speedText + "x")
                : "live Binance feed")
            + " of "
            + String.join(",", symbols)
            + " "
            + interval.archiveName();
    return d.jobs.submit(
        STREAM,
        title,
        job -> {
          try (KlineStore store = d.openStore();
              // the resident worker brings its own bus; otherwise this run opens one
              CandleBus bus =
                  d.services.worker() == null ? Buses.open(d.settings, d.clock) : null) {
            List<SeriesKey> series =
                symbols.stream().map(s -> new SeriesKey(market, s, interval)).toList();
            CandleSource feed =
                source.equals("replay")
                    // requireCandlesIn checked the series before the job started; one deleted
                    // since publishes nothing, which the job's end reports.
                    ? new ReplaySource(store, series, range.fromMillis(), range.toMillis(), speed)
                    : BinanceKlineStream.resuming(
                        d.settings, store, market, interval, symbols, d.clock);
            // Announced as `stream` announces: the job's log here, Redis and the webhook as set.
            List<AlertSink> sinks =
                d.services.worker() != null
                    ? List.of()
                    : AlertSinks.of(
                        d.settings,
                        events -> events.forEach(e -> job.log(ConsoleAlertSink.line(e))),
                        Optional.empty(),
                        AlertSinks.DEFAULT_WEBHOOK_LIMIT);
            StreamRun run =
                d.services.worker() != null
                    ? new StreamRun(d.services.worker(), store, d.clock)
                    : new StreamRun(
                        bus,
                        store,
                        registry,
                        sinks,
                        DetectionWorker.Options.defaults(model)
                            .withIncidents(d.settings.incidentRule()),
                        d.clock);
            CandleBus used = bus != null ? bus : d.services.worker().bus();
            job.log("streaming " + feed.describe() + " to " + used.describe());
            long expected =
                range == null
                    ? -1
                    : series.size() * interval.candlesBetween(range.fromMillis(), range.toMillis());
            Thread reporter =
                Thread.ofVirtual()
                    .start(
                        () -> {
                          while (!Thread.currentThread().isInterrupted()) {
                            report(job, run, feed, expected);
                            try {
                              Thread.sleep(250);
                            } catch (InterruptedException e) {
                              return;
                            }
                          }
                        });
            StreamRun.Outcome o;
            try {
              o = run.run(feed);
            } finally {
              reporter.interrupt();
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("published", o.published());
            if (o.worker() != null) {
              result.putAll(o.worker().toMap());
            }
            job.log(String.format(Locale.ROOT, "%,d candles published", o.published()));
            if (range != null && o.published() == 0) {
              throw new UserException(
                  "no stored candles of "
                      + String.join(",", symbols)
                      + " "
                      + interval.archiveName()
                      + " in "
                      + range.start()
                      + " to "
                      + range.end()
                      + ": the period falls in a gap of the stored series");
            }
            if (o.worker() != null
                && o.published() > 0
                && o.worker().decided() == 0
                && o.worker().caughtUp() == 0
                && o.worker().duplicates() == 0) {
              throw new UserException(
                  o.published()
                      + " candles published but "
                      + model
                      + " decided none of them; see the log");
            }
            return result;
          }
        });
  }

  /**
   * A replay of a period that holds none of a series' candles is refused before it starts, naming
   * what the series does hold; a period inside a gap is told at the job's end.
   */
  private void requireCandlesIn(
      Market market, Interval interval, List<String> symbols, DateRange range) {
    Map<SeriesKey, SeriesCoverage> stored = new HashMap<>();
    d.coverage.coverage().forEach(c -> stored.put(c.series(), c));
    for (String symbol : symbols) {
      SeriesKey key = new SeriesKey(market, symbol, interval);
      SeriesCoverage c = stored.get(key);
      if (c == null) {
        throw new UserException(
            "field 'symbols': no " + key + " candles in the store to replay; download them first");
      }
      if (c.lastOpenTime() < range.fromMillis() || c.firstOpenTime() >= range.toMillis()) {
        throw new UserException(
            "field 'start': "
                + key
                + " holds candles from "
                + Numbers.instant(c.firstOpenTime())
                + " to "
                + Numbers.instant(c.lastOpenTime())
                + ", none in "
                + range.start()
                + " to "
                + range.end());
      }
    }
  }

  private static void report(
      BackgroundJobs.Progress job, StreamRun run, CandleSource feed, long expected) {
    WorkerStats w = run.workerStats();
    long published = run.published();
    String status =
        String.format(Locale.ROOT, "%,d candles published", published)
            + (w == null
                ? " (decided by the Redis workers)"
                : String.format(
                    Locale.ROOT,
                    ", %,d decided, %,d alerts",
                    w.decided.sum() + w.duplicates.sum(),
                    w.alerts.sum()));
    // A feed that cannot connect says so here, not only in the server's log.
    status += feed.problem().map(p -> "; " + p).orElse("");
    job.update(expected > 0 ? Math.min(0.99, published / (double) expected) : -1, status);
  }
}
