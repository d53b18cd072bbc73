package dev.cryptoanomaly.flink;

import dev.cryptoanomaly.online.DetectionSnapshot;
import dev.cryptoanomaly.online.SeriesDetection;

/**
 * A series' detection as the value of Flink keyed state: the live state object while the task runs,
 * its {@link DetectionSnapshot} bytes in a checkpoint. Keeping the object itself in keyed state
 * (instead of its bytes rewritten after every candle) leaves encoding to the checkpoints; {@link
 * SeriesSlotSerializer} encodes it then, and its copy (Flink's copy-on-write for state touched
 * during an asynchronous snapshot) is the bytes, from which the task restores.
 */
final class SeriesSlot {
  /** The live state; null in a slot restored from a checkpoint until the task first uses it. */
  SeriesDetection detection;

  /** The checkpointed state, when {@link #detection} is null. */
  byte[] saved;

  /** The model version {@link #saved} belongs to ({@code name@version}). */
  String savedModel;

  static SeriesSlot of(SeriesDetection detection) {
    SeriesSlot slot = new SeriesSlot();
    slot.detection = detection;
    return slot;
  }

  /** The bytes of the state, from the live object when there is one. */
  byte[] bytes() {
    return detection != null ? detection.snapshot().encode() : saved;
  }

  /** The model version of the state. */
  String model() {
    return detection != null ? detection.model().id() : savedModel;
  }
}
