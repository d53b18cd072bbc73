package dev.cryptoanomaly.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cryptoanomaly.config.Settings;
import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Kline;
import dev.cryptoanomaly.kline.Market;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.store.Gap;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.store.Provenance;
import dev.cryptoanomaly.store.Stores;
import dev.cryptoanomaly.testkit.TestDashboard;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * How fast the dashboard's pages answer on large embedded stores (the target: 300 ms, and
 * 50 clients at once), and what reading coverage from the ledger the writes keep saves against the
 * walk over every candle that the pages did before (the peer, measured in the same run). Two
 * stores: a few symbols over a long history, and many symbols over a short one, each series with a
 * few gaps (an hour missing on up to three days). Prints JSON. Run with {@code ./bench pages
 * [symbols days] [symbols days] [clients]}; default 5 365 400 30 50.
 */
public final class PagesBenchmark {
  private static final List<String> PAGES =
      List.of("/", "/data", "/training", "/evaluation", "/live", "/api/data", "/api/overview");
  private static final int SEQUENTIAL = 20;
  private static final int PER_CLIENT = 10;

  /** Keeps what timed work returns, so that none of it is optimised away. */
  private static volatile Object sink;

  private PagesBenchmark() {}

  public static void main(String[] args) throws Exception {
    int[] a = Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
    int[][] stores = {
      {arg(a, 0, 5), arg(a, 1, 365)}, {arg(a, 2, 400), arg(a, 3, 30)},
    };
    int clients = arg(a, 4, 50);
    List<Map<String, Object>> results = new ArrayList<>();
    for (int[] shape : stores) {
      results.add(measure(shape[0], shape[1], clients));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("benchmark", "dashboard-pages");
    out.put("store", "embedded (SQLite)");
    out.put("target_ms", 300);
    out.put("stores", results);
    out.put("peak_heap_mb", peakHeapMb());
    System.out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(out));
  }

  private static int arg(int[] a, int i, int fallback) {
    return a.length > i ? a[i] : fallback;
  }

  private static Map<String, Object> measure(int symbols, int days, int clients) throws Exception {
    Path home = Files.createTempDirectory("pages-bench");
    try {
      Settings settings = Settings.fromMap(Map.of(), home).withHome(home);
      long candles = fill(settings, symbols, days);
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("symbols", symbols);
      r.put("days", days);
      r.put("interval", "1m");
      r.put("candles", candles);
      try (KlineStore store = Stores.open(settings)) {
        store.coverage(); // the first read summarises nothing: every write kept the ledger
        double ledger = medianMs(5, store::coverage);
        double walk = medianMs(3, () -> walkCoverage(store));
        r.put("coverage_from_ledger_ms", round(ledger));
        r.put("coverage_by_walking_candles_ms", round(walk));
        r.put("walk_over_ledger", round(walk / ledger));
      }
      try (TestDashboard d = new TestDashboard(settings, Clock.systemUTC())) {
        HttpClient http = HttpClient.newHttpClient();
        Map<String, Object> pages = new LinkedHashMap<>();
        for (String page : PAGES) {
          URI uri = URI.create(d.url(page));
          get(http, uri); // warm the templates and the JIT
          double[] ms = new double[SEQUENTIAL];
          for (int i = 0; i < SEQUENTIAL; i++) {
            ms[i] = timeMs(() -> get(http, uri));
          }
          pages.put(page, percentiles(ms));
        }
        r.put("one_client_ms", pages);
        r.put("concurrent", concurrent(d, clients));
      }
      return r;
    } finally {
      BenchRuns.deleteTree(home);
    }
  }

  /** Writes {@code symbols} series of 1m candles, a day per write, leaving three gaps in each. */
  private static long fill(Settings settings, int symbols, int days) {
    long start = java.time.Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
    long total = 0;
    try (KlineStore store = Stores.open(settings)) {
      java.util.Set<Integer> gapDays =
          new java.util.HashSet<>(List.of(days / 4, days / 2, days * 3 / 4));
      for (int s = 0; s < symbols; s++) {
        SeriesKey series = new SeriesKey(Market.SPOT, "SYM" + s + "USDT", Interval.M1);
        for (int day = 0; day < days; day++) {
          List<Kline> klines = new ArrayList<>(1440);
          for (int m = 0; m < 1440; m++) {
            boolean gap = m >= 600 && m < 660 && gapDays.contains(day);
            if (!gap) {
              long t = start + day * 86_400_000L + m * 60_000L;
              double p = 100 + Math.sin((day * 1440 + m) / 500.0) * 5 + s;
              klines.add(Kline.ohlcv(Interval.M1, t, p, p + 0.5, p - 0.5, p, 10 + m % 7));
            }
          }
          store.write(series, klines, provenance(series, start, day, klines.size()));
          total += klines.size();
        }
      }
    }
    return total;
  }

  private static Provenance provenance(SeriesKey series, long start, int day, long rows) {
    long from = start + day * 86_400_000L;
    return new Provenance(
        "bench:" + series + ":" + day,
        Provenance.Kind.IMPORT,
        series,
        from,
        from + 86_400_000L,
        Provenance.Status.OK,
        null,
        rows,
        0,
        0,
        null,
        from);
  }

  /** Coverage as the pages worked it out before the ledger: every candle's open time read. */
  private static Object walkCoverage(KlineStore store) {
    long missing = 0;
    for (SeriesKey key : store.series()) {
      long[] previous = {Long.MIN_VALUE};
      List<Gap> gaps = new ArrayList<>();
      store.forEachOpenTime(
          key,
          t -> {
            if (previous[0] != Long.MIN_VALUE && t > key.interval().next(previous[0])) {
              gaps.add(new Gap(key.interval().next(previous[0]), t, 0));
            }
            previous[0] = t;
          });
      missing += gaps.size() + store.count(key);
      store.firstOpenTime(key);
      store.lastOpenTime(key);
      store.provenance(key);
    }
    return missing;
  }

  private static Map<String, Object> concurrent(TestDashboard d, int clients) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<Future<double[]>> futures = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int c = 0; c < clients; c++) {
      int client = c;
      futures.add(
          pool.submit(
              () -> {
                double[] ms = new double[PER_CLIENT];
                for (int i = 0; i < PER_CLIENT; i++) {
                  URI uri = URI.create(d.url(PAGES.get((client + i) % PAGES.size())));
                  ms[i] = timeMs(() -> get(http, uri));
                }
                return ms;
              }));
    }
    List<Double> all = new ArrayList<>();
    for (Future<double[]> f : futures) {
      for (double v : f.get()) {
        all.add(v);
      }
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    pool.shutdown();
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("clients", clients);
    r.put("requests", all.size());
    r.put("requests_per_s", round(all.size() / seconds));
    r.putAll(percentiles(all.stream().mapToDouble(Double::doubleValue).toArray()));
    return r;
  }

  private static Object get(HttpClient http, URI uri) {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IllegalStateException(uri + " answered " + r.statusCode() + ": " + r.body());
      }
      return r.body().length();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(uri + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static double timeMs(java.util.function.Supplier<Object> work) {
    long t = System.nanoTime();
    sink = work.get();
    return (System.nanoTime() - t) / 1e6;
  }

  private static double medianMs(int runs, java.util.function.Supplier<Object> work) {
    double[] ms = new double[runs];
    for (int i = 0; i < runs; i++) {
      ms[i] = timeMs(work);
    }
    Arrays.sort(ms);
    return ms[runs / 2];
  }

  private static Map<String, Object> percentiles(double[] ms) {
    double[] sorted = ms.clone();
    Arrays.sort(sorted);
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("p50_ms", round(sorted[(int) Math.floor(0.50 * (sorted.length - 1))]));
    r.put("p95_ms", round(sorted[(int) Math.floor(0.95 * (sorted.length - 1))]));
    r.put("max_ms", round(sorted[sorted.length - 1]));
    return r;
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  private static long peakHeapMb() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak / (1024 * 1024);
  }
}
