package dev.cryptoanomaly.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cryptoanomaly.features.BatchFeatures;
import dev.cryptoanomaly.features.CandleColumns;
import dev.cryptoanomaly.features.FeatureFrame;
import dev.cryptoanomaly.features.FeatureRegistry;
import dev.cryptoanomaly.features.FeatureRow;
import dev.cryptoanomaly.features.FeatureSpec;
import dev.cryptoanomaly.features.FeatureState;
import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Kline;
import dev.cryptoanomaly.kline.Symbols;
import dev.cryptoanomaly.simulate.MarketSimulator;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;

/**
 * The full feature set on 5 symbols x N days of 1m candles (default 365: about 2.6M rows): batch
 * rows/s on one thread and on all cores, streaming ns per candle, and the original's approach
 * (pandas rolling windows, run by {@code python} given as the first argument) on the same data in
 * the same run, with the largest difference between the two results. Prints JSON. Run with {@code
 * ./bench features}.
 */
public final class FeatureBenchmark {
  private FeatureBenchmark() {}

  public static void main(String[] args) throws Exception {
    String python = args.length > 0 ? args[0] : "python3";
    int days = args.length > 1 ? Integer.parseInt(args[1]) : 365;
    int repeats = 10;
    Map<String, List<Kline>> market =
        new MarketSimulator(2024)
            .simulate(Symbols.DEFAULTS, Instant.parse("2024-01-01T00:00:00Z"), days * 1440)
            .klines();
    long rows = market.values().stream().mapToLong(List::size).sum();
    FeatureSpec spec = FeatureSpec.all();

    double batchSeconds = Double.MAX_VALUE;
    double parallelSeconds = Double.MAX_VALUE;
    Map<String, FeatureFrame> frames = null;
    int threads = Runtime.getRuntime().availableProcessors();
    try (ForkJoinPool pool = new ForkJoinPool(threads)) {
      for (int i = 0; i < repeats; i++) {
        long t0 = System.nanoTime();
        frames = batch(market, spec);
        batchSeconds = Math.min(batchSeconds, (System.nanoTime() - t0) / 1e9);
        long t1 = System.nanoTime();
        parallel(market, spec, pool);
        parallelSeconds = Math.min(parallelSeconds, (System.nanoTime() - t1) / 1e9);
      }
    }

    double streamNanos = Double.MAX_VALUE;
    long checksum = 0;
    for (int i = 0; i < repeats; i++) {
      long t0 = System.nanoTime();
      for (var e : market.entrySet()) {
        FeatureState state =
            new FeatureState(
                Interval.M1, spec, e.getKey().equals(FeatureRegistry.REFERENCE_SYMBOL));
        for (Kline k : e.getValue()) {
          FeatureRow row = state.update(k, 0.0);
          checksum += row.valid() ? 1 : 0;
        }
      }
      streamNanos = Math.min(streamNanos, (System.nanoTime() - t0) / (double) rows);
    }

    Path work = Files.createTempDirectory("feature-bench");
    Path csv = work.resolve("candles.csv");
    Path values = work.resolve("pandas.f64");
    writeCsv(market, csv);
    Process p =
        new ProcessBuilder(
                python,
                Path.of("src/bench/python/features_pandas.py").toString(),
                csv.toString(),
                values.toString(),
                String.valueOf(repeats))
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String pandasJson =
        new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (p.waitFor() != 0) {
      throw new IllegalStateException("pandas run failed");
    }
    JsonNode pandas = new ObjectMapper().readTree(pandasJson);
    double pandasRate = pandas.path("rows_per_second").asDouble();
    List<String> theirs = new ArrayList<>();
    pandas.path("features").forEach(n -> theirs.add(n.asText()));
    double[] agreement = compare(frames, values, columns(spec, theirs));

    double batchRate = rows / batchSeconds;
    double parallelRate = rows / parallelSeconds;
    System.out.printf(
        Locale.ROOT,
        "{\"benchmark\":\"features\",\"rows\":%d,\"features\":%d,\"valid_rows_checksum\":%d,"
            + "\"batch_seconds\":%.3f,\"batch_rows_per_s\":%.0f,"
            + "\"batch_threads\":%d,\"batch_parallel_rows_per_s\":%.0f,"
            + "\"streaming_ns_per_candle\":%.1f,"
            + "\"pandas\":%s,"
            + "\"ratio_batch_vs_pandas\":%.1f,\"ratio_parallel_vs_pandas\":%.1f,"
            + "\"compared_values\":%.0f,\"max_relative_difference_vs_pandas\":%.3g,"
            + "\"values_differing_over_1e-9\":%.0f,"
            + "\"targets\":{\"batch_rows_per_s\":10000000,\"ratio_vs_pandas\":10,"
            + "\"streaming_ns_per_candle\":2000}}%n",
        rows,
        spec.size(),
        checksum / repeats,
        batchSeconds,
        batchRate,
        threads,
        parallelRate,
        streamNanos,
        pandasJson,
        batchRate / pandasRate,
        parallelRate / pandasRate,
        agreement[0],
        agreement[1],
        agreement[2]);
    Files.deleteIfExists(csv);
    Files.deleteIfExists(values);
    Files.deleteIfExists(work);
  }

  /** One thread: columns, reference alignment and every feature of every symbol. */
  static Map<String, FeatureFrame> batch(Map<String, List<Kline>> market, FeatureSpec spec) {
    CandleColumns reference =
        BatchFeatures.columns(Interval.M1, market.get(FeatureRegistry.REFERENCE_SYMBOL));
    Map<String, FeatureFrame> frames = new LinkedHashMap<>();
    for (var e : market.entrySet()) {
      frames.put(e.getKey(), one(e.getValue(), reference, spec));
    }
    return frames;
  }

  /**
   * All cores: one task per series in a fork-join pool of {@code threads}, each series' rows split
   * into tasks of that pool as the feature job splits them.
   */
  static void parallel(Map<String, List<Kline>> market, FeatureSpec spec, ForkJoinPool pool) {
    pool.submit(
            () -> {
              CandleColumns reference =
                  BatchFeatures.columnsInParallel(
                      Interval.M1, market.get(FeatureRegistry.REFERENCE_SYMBOL));
              market.values().parallelStream()
                  .forEach(
                      ks -> {
                        CandleColumns c = BatchFeatures.columnsInParallel(Interval.M1, ks);
                        BatchFeatures.alignReference(c, reference);
                        BatchFeatures.computeInParallel(c, spec, 0);
                      });
            })
        .join();
  }

  private static FeatureFrame one(List<Kline> ks, CandleColumns reference, FeatureSpec spec) {
    CandleColumns c = BatchFeatures.columns(Interval.M1, ks);
    BatchFeatures.alignReference(c, reference);
    return BatchFeatures.compute(c, spec);
  }

  private static void writeCsv(Map<String, List<Kline>> market, Path csv) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
      w.write("symbol,open_time,open,high,low,close,volume,trades,taker_buy\n");
      for (var e : market.entrySet()) {
        for (Kline k : e.getValue()) {
          w.write(
              e.getKey()
                  + ","
                  + k.openTime()
                  + ","
                  + k.open()
                  + ","
                  + k.high()
                  + ","
                  + k.low()
                  + ","
                  + k.close()
                  + ","
                  + k.volume()
                  + ","
                  + k.trades()
                  + ","
                  + k.takerBuyBase()
                  + "\n");
        }
      }
    }
  }

  /**
   * Compares our valid rows with pandas' values (same row order as the CSV).
   *
   * @return values compared, the largest relative difference, values differing by more than 1e-9
   */
  private static double[] compare(Map<String, FeatureFrame> frames, Path values, int[] ours)
      throws IOException {
    int width = ours.length;
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(values)).order(ByteOrder.LITTLE_ENDIAN);
    long compared = 0;
    long differing = 0;
    double worst = 0;
    for (FeatureFrame f : frames.values()) {
      for (int r = 0; r < f.rows(); r++) {
        for (int j = 0; j < width; j++) {
          double theirs = b.getDouble();
          if (!f.valid(r)) {
            continue;
          }
          double mine = f.value(r, ours[j]);
          double scale = Math.max(Math.abs(mine), 1e-3);
          double diff = Math.abs(mine - theirs) / scale;
          worst = Math.max(worst, Double.isNaN(diff) ? Double.POSITIVE_INFINITY : diff);
          differing += diff > 1e-9 || Double.isNaN(diff) ? 1 : 0;
          compared++;
        }
      }
    }
    return new double[] {compared, worst, differing};
  }

  /**
   * For each column pandas wrote, the index of the same feature in our spec; a feature pandas does
   * not compute is an error here, not a silently shifted comparison.
   */
  static int[] columns(FeatureSpec spec, List<String> pandasColumns) {
    List<String> ids = spec.features().stream().map(f -> f.id()).toList();
    int[] out = new int[pandasColumns.size()];
    for (int j = 0; j < out.length; j++) {
      out[j] = ids.indexOf(pandasColumns.get(j));
      if (out[j] < 0) {
        throw new IllegalStateException(
            "pandas computed " + pandasColumns.get(j) + ", not in " + ids);
      }
    }
    if (out.length != ids.size()) {
      throw new IllegalStateException(
          "pandas computes " + pandasColumns + " but the registry has " + ids);
    }
    return out;
  }
}
