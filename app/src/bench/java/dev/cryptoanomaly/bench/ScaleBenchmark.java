package dev.cryptoanomaly.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cryptoanomaly.config.Settings;
import dev.cryptoanomaly.features.FeatureJob;
import dev.cryptoanomaly.features.FeatureSpec;
import dev.cryptoanomaly.kline.DateRange;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.store.Stores;
import dev.cryptoanomaly.store.postgres.PostgresUrl;
import dev.cryptoanomaly.testkit.TestPostgres;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The whole pipeline at two market sizes, each stage a command line in a JVM of its own (as users
 * run them, with {@link #HEAP}), so that its wall time and peak resident memory are its own:
 * simulate and store, features (computed from candles as train and detect compute them; storing
 * them is not on any path), train (gmm, the default search), detect over the whole period, and
 * evaluate against the simulator's labels. Both stores when a PostgreSQL server is reachable
 * ({@code CRYPTO_ANOMALY_TEST_DATABASE_URL}, a fresh database each). Prints JSON, with each stage's
 * cost per candle at the large size over that at the small one. Run with {@code ./bench scale
 * [small-symbols large-symbols days] [stores]}; default 100 1000 30 embedded,postgres.
 */
public final class ScaleBenchmark {
  static final String HEAP = "-Xmx2g";
  private static final LocalDate FIRST_DAY = LocalDate.of(2024, 5, 1);

  private ScaleBenchmark() {}

  public static void main(String[] args) throws Exception {
    int small = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int large = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    int days = args.length > 2 ? Integer.parseInt(args[2]) : 30;
    List<String> stores = List.of((args.length > 3 ? args[3] : "embedded,postgres").split(","));
    ObjectMapper json = new ObjectMapper();
    ObjectNode out = json.createObjectNode();
    out.put("benchmark", "scale");
    out.put("heap", HEAP);
    out.put("cores", Runtime.getRuntime().availableProcessors());
    out.put("days", days);
    ArrayNode runs = out.putArray("runs");
    for (String store : stores) {
      Map<String, Double> smallCost = null;
      for (int symbols : List.of(small, large)) {
        ObjectNode run = runs.addObject();
        run.put("store", store);
        run.put("symbols", symbols);
        run.put("candles", (long) symbols * days * 1440);
        Map<String, Double> cost = measure(store, symbols, days, run.putObject("stages"));
        if (smallCost != null) {
          ObjectNode growth = run.putObject("cost_per_candle_vs_small");
          for (var e : cost.entrySet()) {
            growth.put(e.getKey(), round(e.getValue() / smallCost.get(e.getKey())));
          }
        }
        smallCost = cost;
      }
    }
    System.out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(out));
  }

  /** Runs every stage on a fresh store; the seconds per candle of each, by stage. */
  private static Map<String, Double> measure(String store, int symbols, int days, ObjectNode stages)
      throws Exception {
    Path home = Files.createTempDirectory("scale-bench");
    Map<String, String> env = new LinkedHashMap<>();
    env.put("CRYPTO_ANOMALY_HOME", home.toString());
    PostgresUrl db = null;
    if (store.equals("postgres")) {
      db = TestPostgres.createDatabase();
      env.put("DATABASE_URL", TestPostgres.databaseUrl(db));
    }
    long candles = (long) symbols * days * 1440;
    String start = FIRST_DAY.toString();
    String end = FIRST_DAY.plusDays(days - 1L).toString();
    List<String> names = new ArrayList<>(List.of("BTCUSDT"));
    for (int i = 1; i < symbols; i++) {
      names.add(String.format("S%04dUSDT", i));
    }
    Map<String, Double> cost = new LinkedHashMap<>();
    try {
      Map<String, List<String>> plan = new LinkedHashMap<>();
      plan.put(
          "simulate_and_store",
          List.of(
              "collect",
              "--source",
              "synthetic",
              "--symbols",
              String.join(",", names),
              "--start",
              start,
              "--end",
              end));
      plan.put("features", List.of(FeaturesStage.class.getName(), start, end));
      plan.put("train", List.of("train", "--model", "gmm"));
      plan.put("detect", List.of("detect", "--start", start, "--end", end));
      plan.put(
          "evaluate",
          List.of(
              "evaluate",
              "--labels",
              home.resolve("labels/synthetic-42.csv").toString(),
              "--start",
              start,
              "--end",
              end,
              "--json"));
      for (var step : plan.entrySet()) {
        Stage s = Stage.run(env, step.getValue());
        ObjectNode r = stages.putObject(step.getKey());
        r.put("seconds", round(s.seconds()));
        r.put("candles_per_second", Math.round(candles / s.seconds()));
        r.put("peak_rss_mb", s.peakRssKb() / 1024);
        cost.put(step.getKey(), s.seconds() / candles);
        System.err.printf(
            "%s %d symbols %s: %.1f s, peak RSS %,d MB%n",
            store, symbols, step.getKey(), s.seconds(), s.peakRssKb() / 1024);
      }
    } finally {
      BenchRuns.deleteTree(home);
      if (db != null) {
        TestPostgres.dropDatabase(db);
      }
    }
    return cost;
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  /** One stage's wall time and the peak resident memory of its JVM (VmHWM). */
  record Stage(double seconds, long peakRssKb) {
    static Stage run(Map<String, String> env, List<String> args) throws Exception {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      List<String> cmd =
          new ArrayList<>(
              List.of(
                  java,
                  HEAP,
                  "--enable-native-access=ALL-UNNAMED",
                  "-cp",
                  System.getProperty("java.class.path")));
      if (!args.getFirst().contains(".")) {
        cmd.add("dev.cryptoanomaly.cli.Main");
      }
      cmd.addAll(args);
      Path log = Files.createTempFile("scale-stage", ".log");
      ProcessBuilder pb = new ProcessBuilder(cmd);
      pb.environment().remove("DATABASE_URL");
      pb.environment().remove("MLFLOW_TRACKING_URI");
      pb.environment().remove("REDIS_URL");
      pb.environment().putAll(env);
      long started = System.nanoTime();
      Process p =
          pb.redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .directory(new File("."))
              .start();
      AtomicLong peak = new AtomicLong();
      Path status = Path.of("/proc", Long.toString(p.pid()), "status");
      while (!p.waitFor(50, TimeUnit.MILLISECONDS)) {
        peak.accumulateAndGet(highWaterKb(status), Math::max);
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      String output = Files.readString(log, StandardCharsets.UTF_8);
      Files.delete(log);
      if (p.exitValue() != 0) {
        // The command, not its thousand symbols: what failed and how.
        throw new IllegalStateException(args.getFirst() + " failed:\n" + output);
      }
      return new Stage(seconds, peak.get());
    }

    /** VmHWM of a running process, 0 once it is gone. */
    private static long highWaterKb(Path status) {
      try {
        for (String line : Files.readAllLines(status)) {
          if (line.startsWith("VmHWM:")) {
            return Long.parseLong(line.replaceAll("\\D", ""));
          }
        }
      } catch (java.io.IOException | RuntimeException gone) {
        return 0;
      }
      return 0;
    }
  }

  /**
   * The features stage: every stored series' features over the period, computed from its candles as
   * train and detect compute them, a series per core at a time, and dropped.
   */
  public static final class FeaturesStage {
    private FeaturesStage() {}

    public static void main(String[] args) {
      Settings settings = Settings.load(Path.of("."));
      LocalDate from = LocalDate.parse(args[0]);
      LocalDate to = LocalDate.parse(args[1]);
      DateRange range = DateRange.resolve(null, null, args[0], args[1], LocalDate.MAX, 1);
      long rows = 0;
      try (KlineStore store = Stores.open(settings)) {
        FeatureJob job = new FeatureJob(store);
        FeatureSpec all = FeatureSpec.parse("all");
        rows =
            store.series().parallelStream()
                .mapToLong(
                    key ->
                        job.compute(key, all, range.fromMillis(), range.toMillis()).frame().rows())
                .sum();
      }
      System.out.println(rows + " feature rows from " + from + " to " + to);
    }
  }
}
