package dev.cryptoanomaly.store;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Feature values as bytes (little-endian doubles), the same in every backend. */
public final class FeatureBlobs {
  private FeatureBlobs() {}

  public static byte[] encode(double[] values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (double v : values) {
      b.putDouble(v);
    }
    return b.array();
  }

  public static double[] decode(byte[] bytes, int width) {
    if (bytes.length != width * Double.BYTES) {
      throw new StoreException(
          "stored feature row has " + bytes.length / Double.BYTES + " values, expected " + width,
          null);
    }
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    double[] values = new double[width];
    for (int i = 0; i < width; i++) {
      values[i] = b.getDouble();
    }
    return values;
  }
}
