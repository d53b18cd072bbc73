package dev.cryptoanomaly.online;

import dev.cryptoanomaly.alert.Severity;
import dev.cryptoanomaly.kline.Kline;
import dev.cryptoanomaly.store.StoredAnomaly;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One series' detection state as a stream processor checkpoints it: the candles of the warm-up
 * span, the last open time decided and the last alert group. Encoded as compact bytes (doubles as
 * their raw bits, so a restored state decides to the bit as the one checkpointed).
 *
 * @param group null when the series produced no alert group yet
 */
public record DetectionSnapshot(List<Kline> recent, long lastDecided, StoredAnomaly group) {
  private static final int FORMAT = 1;

  public DetectionSnapshot {
    recent = List.copyOf(recent);
  }

  /**
   * The bytes of this state. A stream processor writes them after every candle, so the candles go
   * straight into one buffer of the exact size.
   */
  public byte[] encode() {
    byte[] tail = groupBytes();
    ByteBuffer out =
        ByteBuffer.allocate(HEADER_BYTES + recent.size() * CandleCodec.KLINE_BYTES + tail.length);
    out.put((byte) FORMAT).putLong(lastDecided).putInt(recent.size());
    for (Kline k : recent) {
      CandleCodec.putKline(out, k);
    }
    out.put(tail);
    return out.array();
  }

  /** The format byte, the last open time decided and the number of candles. */
  private static final int HEADER_BYTES = 1 + 8 + 4;

  /** The last alert group (a flag, then its fields): rare, so through a data stream. */
  private byte[] groupBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(group == null ? 1 : 256);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeBoolean(group != null);
      if (group != null) {
        out.writeLong(group.openTime());
        out.writeUTF(group.model());
        out.writeInt(group.modelVersion());
        out.writeLong(group.firstHit());
        out.writeLong(group.lastHit());
        out.writeInt(group.hits());
        out.writeDouble(group.score());
        out.writeDouble(group.probability());
        out.writeUTF(group.severity().name());
        writeLongText(out, group.explanationJson());
        out.writeLong(group.detectedAt());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  public static DetectionSnapshot decode(byte[] encoded) {
    ByteBuffer head = ByteBuffer.wrap(encoded);
    try {
      int format = head.get();
      if (format != FORMAT) {
        throw new IllegalArgumentException(
            "detection state of format " + format + ", not " + FORMAT);
      }
      long lastDecided = head.getLong();
      int n = head.getInt();
      if (n < 0 || n > head.remaining() / CandleCodec.KLINE_BYTES) {
        throw new IllegalArgumentException("damaged detection state: " + n + " candles");
      }
      List<Kline> recent = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        recent.add(CandleCodec.getKline(head));
      }
      return new DetectionSnapshot(recent, lastDecided, decodeGroup(encoded, head.position()));
    } catch (java.nio.BufferUnderflowException e) {
      throw new IllegalArgumentException("damaged detection state: it ends early", e);
    }
  }

  /** The last alert group, written by {@link #groupBytes()} from {@code offset} on. */
  private static StoredAnomaly decodeGroup(byte[] encoded, int offset) {
    try (DataInputStream in =
        new DataInputStream(new ByteArrayInputStream(encoded, offset, encoded.length - offset))) {
      StoredAnomaly group = null;
      if (in.readBoolean()) {
        group =
            new StoredAnomaly(
                in.readLong(),
                in.readUTF(),
                in.readInt(),
                in.readLong(),
                in.readLong(),
                in.readInt(),
                in.readDouble(),
                in.readDouble(),
                Severity.valueOf(in.readUTF()),
                readLongText(in),
                in.readLong());
      }
      return group;
    } catch (IOException e) {
      throw new IllegalArgumentException("damaged detection state: " + e.getMessage(), e);
    }
  }

  /** Explanations can exceed writeUTF's 64 kB: a length, then UTF-8. */
  private static void writeLongText(DataOutputStream out, String text) throws IOException {
    if (text == null) {
      out.writeInt(-1);
      return;
    }
    byte[] b = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String readLongText(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      return null;
    }
    return new String(in.readNBytes(n), java.nio.charset.StandardCharsets.UTF_8);
  }
}
