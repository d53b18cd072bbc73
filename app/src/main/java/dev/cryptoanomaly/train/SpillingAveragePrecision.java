package dev.cryptoanomaly.train;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Average precision over more scores than memory should hold: scores are added one at a time, kept
 * in memory up to a chunk, then sorted and written to temporary files as runs; the result merges
 * the runs highest first and walks them as {@link Auc#averagePrecision} walks its sorted arrays, so
 * it is the same number to the bit. A year of the whole market (over a billion candles) needs 8
 * bytes of disk per candle and a chunk of memory, where keeping every score needs 8 bytes of heap.
 */
public final class SpillingAveragePrecision implements AutoCloseable {
  /** Scores held in memory before a run is written: 32 MB of doubles. */
  public static final int DEFAULT_CHUNK = 1 << 22;

  private static final int READ_BUFFER = 1 << 16;

  private final int chunk;
  private final List<Path> negativeRuns = new ArrayList<>();
  private final List<Path> positiveRuns = new ArrayList<>();
  private double[] negatives = new double[1024];
  private double[] positives = new double[64];
  private int negativeCount;
  private int positiveCount;
  private long totalPositives;

  public SpillingAveragePrecision() {
    this(DEFAULT_CHUNK);
  }

  /** With runs of at most {@code chunk} scores: small chunks are for tests. */
  public SpillingAveragePrecision(int chunk) {
    if (chunk < 1) {
      throw new IllegalArgumentException("chunk must be positive: " + chunk);
    }
    this.chunk = chunk;
  }

  /** One candle's score, higher ranked first, and whether it is a positive. */
  public void add(double score, boolean positive) {
    if (positive) {
      if (positiveCount == positives.length) {
        positives = Arrays.copyOf(positives, grown(positives.length));
      }
      positives[positiveCount++] = score;
      totalPositives++;
    } else {
      if (negativeCount == negatives.length) {
        negatives = Arrays.copyOf(negatives, grown(negatives.length));
      }
      negatives[negativeCount++] = score;
    }
    if (negativeCount + positiveCount >= chunk) {
      spill();
    }
  }

  /** Runs written so far: how many times the memory chunk filled. */
  public int runsSpilled() {
    return negativeRuns.size();
  }

  /** The average precision of everything added; NaN without positives. */
  public double result() {
    if (totalPositives == 0) {
      return Double.NaN;
    }
    if (negativeRuns.isEmpty()) {
      return Auc.averagePrecisionSortingInPlace(
          Arrays.copyOf(negatives, negativeCount), Arrays.copyOf(positives, positiveCount));
    }
    Arrays.sort(negatives, 0, negativeCount);
    Arrays.sort(positives, 0, positiveCount);
    try (Descending neg = new Descending(negativeRuns, negatives, negativeCount);
        Descending pos = new Descending(positiveRuns, positives, positiveCount)) {
      long seen = 0;
      long hits = 0;
      double ap = 0;
      while (pos.hasNext()) {
        double score = Math.max(pos.peek(), neg.hasNext() ? neg.peek() : Double.NEGATIVE_INFINITY);
        long tiedHits = 0;
        while (pos.hasNext() && pos.peek() == score) {
          tiedHits++;
          pos.next();
        }
        long tiedMisses = 0;
        while (neg.hasNext() && neg.peek() == score) {
          tiedMisses++;
          neg.next();
        }
        seen += tiedHits + tiedMisses;
        hits += tiedHits;
        ap += tiedHits * (hits / (double) seen);
      }
      return ap / totalPositives;
    } catch (IOException e) {
      throw new UncheckedIOException("reading the spilled scores back", e);
    }
  }

  /** Deletes the runs written. */
  @Override
  public void close() {
    for (Path p : negativeRuns) {
      deleteQuietly(p);
    }
    for (Path p : positiveRuns) {
      deleteQuietly(p);
    }
    negativeRuns.clear();
    positiveRuns.clear();
  }

  private int grown(int length) {
    return (int) Math.min(Math.max(chunk, 16), Math.max(16L, 2L * length));
  }

  private void spill() {
    try {
      negativeRuns.add(writeRun(negatives, negativeCount));
      positiveRuns.add(writeRun(positives, positiveCount));
    } catch (IOException e) {
      throw new UncheckedIOException("writing scores to a temporary file", e);
    }
    negativeCount = 0;
    positiveCount = 0;
  }

  /** Sorted and written highest first, so a run is read front to back. */
  private static Path writeRun(double[] values, int count) throws IOException {
    Arrays.sort(values, 0, count);
    Path file = Files.createTempFile("crypto-anomaly-scores-", ".run");
    try (DataOutputStream out =
        new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
      out.writeInt(count);
      for (int i = count - 1; i >= 0; i--) {
        out.writeDouble(values[i]);
      }
    } catch (IOException | RuntimeException e) {
      deleteQuietly(file);
      throw e;
    }
    return file;
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // a temporary file: the system's cleaning takes it if we cannot
    }
  }

  /** The runs and the in-memory rest merged into one sequence, highest first. */
  private static final class Descending implements AutoCloseable {
    private final PriorityQueue<Source> heads =
        new PriorityQueue<>((a, b) -> Double.compare(b.head, a.head));
    private final List<DataInputStream> open = new ArrayList<>();

    Descending(List<Path> runs, double[] sortedRest, int restCount) throws IOException {
      for (Path run : runs) {
        DataInputStream in =
            new DataInputStream(new BufferedInputStream(Files.newInputStream(run), READ_BUFFER));
        open.add(in);
        Source s = new FileSource(in, in.readInt());
        if (s.advance()) {
          heads.add(s);
        }
      }
      Source rest = new ArraySource(sortedRest, restCount);
      if (rest.advance()) {
        heads.add(rest);
      }
    }

    boolean hasNext() {
      return !heads.isEmpty();
    }

    double peek() {
      return heads.peek().head;
    }

    void next() throws IOException {
      Source s = heads.poll();
      if (s.advance()) {
        heads.add(s);
      }
    }

    @Override
    public void close() throws IOException {
      for (DataInputStream in : open) {
        in.close();
      }
    }
  }

  private abstract static class Source {
    double head;

    /** Moves to the next value; false when there is none. */
    abstract boolean advance() throws IOException;
  }

  private static final class FileSource extends Source {
    private final DataInputStream in;
    private int left;

    FileSource(DataInputStream in, int count) {
      this.in = in;
      this.left = count;
    }

    @Override
    boolean advance() throws IOException {
      if (left == 0) {
        return false;
      }
      left--;
      head = in.readDouble();
      return true;
    }
  }

  private static final class ArraySource extends Source {
    private final double[] sorted;
    private int next;

    ArraySource(double[] sorted, int count) {
      this.sorted = sorted;
      this.next = count - 1;
    }

    @Override
    boolean advance() {
      if (next < 0) {
        return false;
      }
      head = sorted[next--];
      return true;
    }
  }
}
