package dev.cryptoanomaly.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cryptoanomaly.alert.AlertPolicy;
import dev.cryptoanomaly.kline.Kline;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.model.SeriesRows;
import dev.cryptoanomaly.online.LoadedModel;
import dev.cryptoanomaly.online.SeriesDetection;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.store.SeriesDetections;
import dev.cryptoanomaly.store.StoredAnomaly;
import dev.cryptoanomaly.store.StoredDecision;
import dev.cryptoanomaly.train.TrainingData;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Drives the worker's per-series state ({@link SeriesDetection}) over stored candles through a bus
 * that loses, redelivers and restarts, and compares its decisions with batch scoring of the same
 * stored candles ({@code detect}'s path).
 */
final class WorkerReplay {
  /** Decisions stored together, as a worker's batch. */
  private static final int BATCH = 200;

  private WorkerReplay() {}

  /**
   * How the bus misbehaves: per candle, the chance it is lost, redelivered or the worker restarts.
   */
  record Bus(Random random, double lossChance, double redeliveryChance, double restartChance) {}

  /**
   * Every stored candle is decided exactly once, and each decision's score and tail probability
   * equal batch scoring's to the bit; rows batch leaves out are excluded.
   */
  static void assertDecisionsEqualBatch(
      KlineStore store, SeriesKey series, LoadedModel model, List<Kline> klines, Bus bus) {
    Map<Long, StoredDecision> decided = stream(store, series, model, klines, bus);
    long start = klines.get(0).openTime();
    long end = series.interval().next(klines.get(klines.size() - 1).openTime());
    SeriesRows rows =
        TrainingData.load(store, List.of(series), model.model().spec(), start, end).get(0);
    AlertPolicy.Scored batch = model.model().score(List.of(rows)).get(0);
    assertThat(decided).as("every stored candle decided once").hasSize(klines.size());
    Map<Long, Integer> batchIndex = new HashMap<>();
    for (int i = 0; i < batch.openTimes().length; i++) {
      batchIndex.put(batch.openTimes()[i], i);
    }
    for (StoredDecision d : decided.values()) {
      Integer i = batchIndex.get(d.openTime());
      if (i == null) {
        assertThat(d.exclusion()).as("excluded in batch: %d", d.openTime()).isNotNull();
      } else {
        assertThat(d.exclusion()).as("scored in batch: %d", d.openTime()).isNull();
        assertThat(Double.doubleToLongBits(d.score()))
            .as("score at %d", d.openTime())
            .isEqualTo(Double.doubleToLongBits(batch.scores()[i]));
        assertThat(Double.doubleToLongBits(d.probability()))
            .as("probability at %d", d.openTime())
            .isEqualTo(Double.doubleToLongBits(batch.probabilities()[i]));
      }
    }
  }

  /**
   * Feeds the candles through a bus that loses some (never the first: a fresh worker starts at the
   * first candle it receives) and redelivers others, to a worker that stores its decisions in
   * batches and acknowledges a batch's deliveries once stored. A restart loses the batch in hand;
   * the bus redelivers its unacknowledged candles to the new worker, which resumes from the store.
   */
  static Map<Long, StoredDecision> stream(
      KlineStore store, SeriesKey series, LoadedModel model, List<Kline> klines, Bus bus) {
    Random random = bus.random();
    Map<Long, StoredDecision> decided = new HashMap<>();
    Batch batch = new Batch();
    SeriesDetection state = SeriesDetection.resume(store, series, model, klines.get(0).openTime());
    for (int i = 0; i < klines.size(); i++) {
      boolean lastOne = i == klines.size() - 1;
      if (i > 0 && !lastOne && random.nextDouble() < bus.lossChance()) {
        continue; // lost on the bus: the next candle catches it up from the store
      }
      List<Kline> delivered = new ArrayList<>(List.of(klines.get(i)));
      if (i > 0 && random.nextDouble() < bus.redeliveryChance()) {
        delivered.add(klines.get(random.nextInt(i)));
      }
      for (Kline k : delivered) {
        batch.unacked.add(k);
        take(store, state, k, decided, batch);
      }
      if (!lastOne && random.nextDouble() < bus.restartChance()) {
        batch.decisions.forEach(d -> decided.remove(d.openTime()));
        List<Kline> redelivered = List.copyOf(batch.unacked);
        batch = new Batch();
        state = SeriesDetection.resume(store, series, model, redelivered.get(0).openTime());
        batch.unacked.addAll(redelivered);
        for (Kline k : redelivered) {
          take(store, state, k, decided, batch);
        }
      } else if (batch.unacked.size() >= BATCH || lastOne) {
        store.writeDetections(
            model.name(),
            model.version(),
            List.of(
                new SeriesDetections(
                    series, List.copyOf(batch.decisions), List.copyOf(batch.groups.values()))));
        batch = new Batch();
      }
    }
    return decided;
  }

  /** What a worker holds between acknowledgements: the deliveries and what they decided. */
  private static final class Batch {
    final List<Kline> unacked = new ArrayList<>();
    final List<StoredDecision> decisions = new ArrayList<>();
    final Map<Long, StoredAnomaly> groups = new LinkedHashMap<>();
  }

  private static void take(
      KlineStore store,
      SeriesDetection state,
      Kline k,
      Map<Long, StoredDecision> decided,
      Batch batch) {
    for (SeriesDetection.Step s : state.take(store, k, -1, 0, 0)) {
      assertThat(decided.put(s.decision().openTime(), s.decision()))
          .as("decided twice: %d", s.decision().openTime())
          .isNull();
      batch.decisions.add(s.decision());
      if (s.group() != null) {
        batch.groups.put(s.group().firstHit(), s.group());
      }
    }
  }
}
