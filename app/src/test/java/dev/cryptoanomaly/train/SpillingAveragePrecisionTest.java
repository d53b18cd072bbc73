package dev.cryptoanomaly.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.stream.DoubleStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class SpillingAveragePrecisionTest {
  /**
   * Whatever the chunk, so however many runs are spilled and merged, the result is the in-memory
   * average precision to the bit, ties across runs included (scores drawn from a few values).
   */
  @Property(tries = 200)
  void spilledRunsGiveTheInMemoryResultToTheBit(
      @ForAll @IntRange(min = 0, max = 2000) int n,
      @ForAll @IntRange(min = 1, max = 300) int chunk,
      @ForAll @IntRange(min = 1, max = 50) int distinct,
      @ForAll long seed) {
    Random rnd = new Random(seed);
    DoubleStream.Builder neg = DoubleStream.builder();
    DoubleStream.Builder pos = DoubleStream.builder();
    try (SpillingAveragePrecision ap = new SpillingAveragePrecision(chunk)) {
      for (int i = 0; i < n; i++) {
        double score = rnd.nextInt(distinct) / 7.0 - 1;
        boolean positive = rnd.nextInt(5) == 0;
        (positive ? pos : neg).add(score);
        ap.add(score, positive);
      }
      double expected = Auc.averagePrecision(neg.build().toArray(), pos.build().toArray());
      assertThat(Double.doubleToLongBits(ap.result())).isEqualTo(Double.doubleToLongBits(expected));
    }
  }

  @Test
  void runsAreWrittenPastTheChunkAndDeletedOnClose() throws Exception {
    SpillingAveragePrecision ap = new SpillingAveragePrecision(10);
    for (int i = 0; i < 35; i++) {
      ap.add(i, i % 3 == 0);
    }
    assertThat(ap.runsSpilled()).isEqualTo(3);
    // Positives at 0, 3, ..., 33: precision falls as lower scores come in.
    double expected = 0;
    int hits = 0;
    for (int rank = 1, score = 34; score >= 0; score--, rank++) {
      if (score % 3 == 0) {
        hits++;
        expected += hits / (double) rank;
      }
    }
    assertThat(ap.result()).isEqualTo(expected / 12);
    ap.close();
    try (var files =
        java.nio.file.Files.list(java.nio.file.Path.of(System.getProperty("java.io.tmpdir")))) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .noneMatch(f -> f.startsWith("crypto-anomaly-scores-"));
    }
  }

  @Test
  void withoutPositivesThereIsNoPrecisionToAverage() {
    try (SpillingAveragePrecision ap = new SpillingAveragePrecision(2)) {
      ap.add(1, false);
      ap.add(2, false);
      ap.add(3, false);
      assertThat(ap.result()).isNaN();
    }
  }
}
