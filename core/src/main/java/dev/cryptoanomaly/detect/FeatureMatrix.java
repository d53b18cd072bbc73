package dev.cryptoanomaly.detect;

import java.util.Arrays;
import java.util.List;

/**
 * Rows of feature values, row-major, with the names of the columns: what detectors fit on and
 * score. Row-major because a detector reads one whole row at a time.
 */
public record FeatureMatrix(List<String> columns, int rows, double[] values) {
  /** Value semantics: equal when the arrays hold equal elements. */
  @Override
  public boolean equals(Object other) {
    return other instanceof FeatureMatrix o
        && java.util.Objects.equals(columns, o.columns)
        && rows == o.rows
        && java.util.Arrays.equals(values, o.values);
  }

  @Override
  public int hashCode() {
    int h = java.util.Objects.hashCode(columns);
    h = 31 * h + rows;
    h = 31 * h + java.util.Arrays.hashCode(values);
    return h;
  }

  /** A summary: the values themselves are too many to print. */
  @Override
  public String toString() {
    return "FeatureMatrix[" + rows + " rows x " + columns + "]";
  }

  public FeatureMatrix {
    columns = List.copyOf(columns);
    if ((long) rows * columns.size() != values.length) {
      throw new IllegalArgumentException(
          rows + " rows x " + columns.size() + " columns but " + values.length + " values");
    }
  }

  public static FeatureMatrix of(List<String> columns, double[][] rows) {
    int width = columns.size();
    double[] values = new double[rows.length * width];
    for (int r = 0; r < rows.length; r++) {
      if (rows[r].length != width) {
        throw new IllegalArgumentException(
            "row " + r + " has " + rows[r].length + " values, expected " + width);
      }
      System.arraycopy(rows[r], 0, values, r * width, width);
    }
    return new FeatureMatrix(columns, rows.length, values);
  }

  public int width() {
    return columns.size();
  }

  public double get(int row, int column) {
    return values[row * width() + column];
  }

  public double[] row(int row) {
    return Arrays.copyOfRange(values, row * width(), (row + 1) * width());
  }

  /** Rows {@code [from, to)} as a new matrix. */
  public FeatureMatrix slice(int from, int to) {
    return new FeatureMatrix(
        columns, to - from, Arrays.copyOfRange(values, from * width(), to * width()));
  }

  /** The rows at these indices, in this order. */
  public FeatureMatrix select(int[] indices) {
    int w = width();
    double[] out = new double[indices.length * w];
    for (int i = 0; i < indices.length; i++) {
      System.arraycopy(values, indices[i] * w, out, i * w, w);
    }
    return new FeatureMatrix(columns, indices.length, out);
  }

  /** One column's values. */
  public double[] column(int column) {
    double[] out = new double[rows];
    for (int r = 0; r < rows; r++) {
      out[r] = values[r * width() + column];
    }
    return out;
  }
}
