package dev.cryptoanomaly.train;

import dev.cryptoanomaly.UserException;
import dev.cryptoanomaly.detect.FeatureMatrix;
import dev.cryptoanomaly.features.Feature;
import dev.cryptoanomaly.features.FeatureFrame;
import dev.cryptoanomaly.features.FeatureJob;
import dev.cryptoanomaly.features.FeatureSpec;
import dev.cryptoanomaly.features.SeriesFeatures;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.model.SeriesRows;
import dev.cryptoanomaly.store.KlineStore;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Feature rows for training and detection, computed from stored candles through the same {@link
 * FeatureJob} as the {@code features} command. Every series must provide every requested feature: a
 * pooled model cannot take rows with different columns.
 */
public final class TrainingData {
  private TrainingData() {}

  public static List<SeriesRows> load(
      KlineStore store, List<SeriesKey> series, FeatureSpec spec, long from, long to) {
    return load(store, series, spec, from, to, DaySample.ALL);
  }

  /** The same, keeping only the days {@code days} keeps of each series (by its index). */
  public static List<SeriesRows> load(
      KlineStore store,
      List<SeriesKey> series,
      FeatureSpec spec,
      long from,
      long to,
      DaySample days) {
    FeatureJob job = new FeatureJob(store);
    List<String> columns = spec.features().stream().map(Feature::id).toList();
    List<SeriesRows> out = new ArrayList<>();
    for (int index = 0; index < series.size(); index++) {
      SeriesKey key = series.get(index);
      SeriesFeatures sf = job.compute(key, spec, from, to);
      if (!sf.unavailable().isEmpty()) {
        Map.Entry<Feature, String> first = sf.unavailable().entrySet().iterator().next();
        throw new UserException(
            "feature "
                + first.getKey().id()
                + " is unavailable for "
                + key
                + ": "
                + first.getValue()
                + "; choose --features without it");
      }
      FeatureFrame frame = sf.frame();
      int valid = 0;
      for (int r = 0; r < frame.rows(); r++) {
        if (frame.valid(r) && days.keeps(index, frame.openTime(r))) {
          valid++;
        }
      }
      long[] times = new long[valid];
      double[] values = new double[valid * columns.size()];
      int next = 0;
      for (int r = 0; r < frame.rows(); r++) {
        if (frame.valid(r) && days.keeps(index, frame.openTime(r))) {
          times[next] = frame.openTime(r);
          for (int c = 0; c < columns.size(); c++) {
            values[next * columns.size() + c] = frame.value(r, c);
          }
          next++;
        }
      }
      out.add(new SeriesRows(key, times, new FeatureMatrix(columns, valid, values)));
    }
    return out;
  }

  /** All rows of all series, series after series. */
  public static FeatureMatrix pooled(List<SeriesRows> parts) {
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("no series");
    }
    List<String> columns = parts.get(0).rows().columns();
    int rows = parts.stream().mapToInt(SeriesRows::size).sum();
    double[] values = new double[rows * columns.size()];
    int at = 0;
    for (SeriesRows p : parts) {
      double[] v = p.rows().values();
      System.arraycopy(v, 0, values, at, v.length);
      at += v.length;
    }
    return new FeatureMatrix(columns, rows, values);
  }

  /** SHA-256 of the series names, open times and feature values: what the model saw. */
  public static String fingerprint(List<SeriesRows> parts) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
      for (SeriesRows p : parts) {
        sha.update(p.series().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        for (long t : p.openTimes()) {
          if (buffer.remaining() < 8) {
            flush(sha, buffer);
          }
          buffer.putLong(t);
        }
        for (double v : p.rows().values()) {
          if (buffer.remaining() < 8) {
            flush(sha, buffer);
          }
          buffer.putDouble(v);
        }
        flush(sha, buffer);
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void flush(MessageDigest sha, ByteBuffer buffer) {
    sha.update(buffer.array(), 0, buffer.position());
    buffer.clear();
  }
}
