package dev.cryptoanomaly.flink;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes a {@link SeriesSlot} as its model version and {@code DetectionSnapshot} bytes. A copy is
 * the bytes too: Flink's heap state copies a value the task touches while an asynchronous snapshot
 * still reads the original, and the task then restores the live object from the copy (once per
 * series and checkpoint), never sharing it with the snapshot.
 */
final class SeriesSlotSerializer extends TypeSerializer<SeriesSlot> {
  private static final long serialVersionUID = 1L;

  static final SeriesSlotSerializer INSTANCE = new SeriesSlotSerializer();

  @Override
  public boolean isImmutableType() {
    return false;
  }

  @Override
  public TypeSerializer<SeriesSlot> duplicate() {
    return this; // stateless
  }

  @Override
  public SeriesSlot createInstance() {
    return new SeriesSlot();
  }

  @Override
  public SeriesSlot copy(SeriesSlot from) {
    SeriesSlot copy = new SeriesSlot();
    copy.saved = from.bytes();
    copy.savedModel = from.model();
    return copy;
  }

  @Override
  public SeriesSlot copy(SeriesSlot from, SeriesSlot reuse) {
    return copy(from);
  }

  @Override
  public int getLength() {
    return -1;
  }

  @Override
  public void serialize(SeriesSlot slot, DataOutputView target) throws IOException {
    byte[] bytes = slot.bytes();
    target.writeUTF(slot.model());
    target.writeInt(bytes.length);
    target.write(bytes);
  }

  @Override
  public SeriesSlot deserialize(DataInputView source) throws IOException {
    SeriesSlot slot = new SeriesSlot();
    slot.savedModel = source.readUTF();
    slot.saved = new byte[source.readInt()];
    source.readFully(slot.saved);
    return slot;
  }

  @Override
  public SeriesSlot deserialize(SeriesSlot reuse, DataInputView source) throws IOException {
    return deserialize(source);
  }

  @Override
  public void copy(DataInputView source, DataOutputView target) throws IOException {
    target.writeUTF(source.readUTF());
    byte[] bytes = new byte[source.readInt()];
    source.readFully(bytes);
    target.writeInt(bytes.length);
    target.write(bytes);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SeriesSlotSerializer;
  }

  @Override
  public int hashCode() {
    return SeriesSlotSerializer.class.hashCode();
  }

  @Override
  public TypeSerializerSnapshot<SeriesSlot> snapshotConfiguration() {
    return new Snapshot();
  }

  /** The serializer has no configuration: format changes go into the snapshot's own bytes. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<SeriesSlot> {
    public Snapshot() {
      super(() -> INSTANCE);
    }
  }
}
