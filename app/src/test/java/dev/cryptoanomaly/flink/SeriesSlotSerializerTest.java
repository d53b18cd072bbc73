package dev.cryptoanomaly.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Kline;
import dev.cryptoanomaly.kline.Market;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.model.registry.LocalModelRegistry;
import dev.cryptoanomaly.online.DetectionSnapshot;
import dev.cryptoanomaly.online.LoadedModel;
import dev.cryptoanomaly.online.SeriesDetection;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.store.KlineStoreContract;
import dev.cryptoanomaly.store.embedded.SqliteKlineStore;
import dev.cryptoanomaly.testkit.RandomCandles;
import dev.cryptoanomaly.testkit.SavedModels;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job keeps each series' live state object in keyed state; in a checkpoint, and in the copy
 * Flink's heap state makes while a snapshot reads the original, it is the state's bytes, from which
 * a restored state decides every later candle as the original does.
 */
class SeriesSlotSerializerTest {
  static final SeriesKey SERIES = new SeriesKey(Market.SPOT, "ETHUSDT", Interval.M1);
  static final long START = 1_700_000_000_000L - 1_700_000_000_000L % 60_000;

  @Test
  void checkpointAndCopyAreTheStateBytesAndRestoreToTheSameDecisions(@TempDir Path home)
      throws Exception {
    List<Kline> klines =
        RandomCandles.generate(
            Interval.M1, START, new RandomCandles.Shape(400, 0.02, 0.02, 0.05, false), 11);
    SavedModels.copyInto(home, "format-2");
    LoadedModel model =
        new LoadedModel("fixture", 1, new LocalModelRegistry(home).load(SavedModels.NAME, 1));
    try (KlineStore store = SqliteKlineStore.open(home)) {
      store.write(SERIES, klines, KlineStoreContract.ledger("generated", SERIES, klines.size()));
      SeriesDetection original = SeriesDetection.resume(store, SERIES, model, START);
      for (Kline k : klines.subList(0, 300)) {
        original.take(store, k, 0, 0, 0);
      }
      SeriesSlot slot = SeriesSlot.of(original);
      SeriesSlotSerializer serializer = SeriesSlotSerializer.INSTANCE;

      DataOutputSerializer out = new DataOutputSerializer(256);
      serializer.serialize(slot, out);
      SeriesSlot checkpointed =
          serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
      SeriesSlot copied = serializer.copy(slot);
      byte[] expected = original.snapshot().encode();
      for (SeriesSlot s : List.of(checkpointed, copied)) {
        assertThat(s.detection).isNull();
        assertThat(s.model()).isEqualTo("fixture@1");
        assertThat(s.bytes()).isEqualTo(expected);
      }
      DataOutputSerializer copiedBytes = new DataOutputSerializer(256);
      serializer.copy(new DataInputDeserializer(out.getCopyOfBuffer()), copiedBytes);
      assertThat(copiedBytes.getCopyOfBuffer()).isEqualTo(out.getCopyOfBuffer());

      SeriesDetection restored =
          SeriesDetection.restore(SERIES, model, DetectionSnapshot.decode(checkpointed.bytes()));
      for (Kline k : klines.subList(300, klines.size())) {
        assertThat(restored.take(store, k, 7, 8, 9)).isEqualTo(original.take(store, k, 7, 8, 9));
      }
      assertThat(serializer.snapshotConfiguration().restoreSerializer()).isEqualTo(serializer);
    }
  }
}
