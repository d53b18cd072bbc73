package dev.cryptoanomaly.detect;

import dev.cryptoanomaly.UserException;
import java.util.List;

/** The checks every detector makes on what it is given, each failing with one clear line. */
final class DetectorInputs {
  private DetectorInputs() {}

  /** The matrix holds exactly the features the model was fitted on, in the same order. */
  static void requireColumns(String model, List<String> expected, FeatureMatrix m) {
    if (!expected.equals(m.columns())) {
      List<String> missing = expected.stream().filter(c -> !m.columns().contains(c)).toList();
      List<String> extra = m.columns().stream().filter(c -> !expected.contains(c)).toList();
      String why =
          missing.isEmpty() && extra.isEmpty()
              ? "in another order " + m.columns()
              : (missing.isEmpty() ? "" : "missing " + missing)
                  + (missing.isEmpty() || extra.isEmpty() ? "" : " and ")
                  + (extra.isEmpty() ? "" : "unexpected " + extra);
      throw new UserException(
          model + " was fitted on features " + expected + "; the rows given have them " + why);
    }
  }

  /** Every value is finite; otherwise names the first bad row and feature. */
  static void requireFinite(String model, FeatureMatrix m) {
    double[] v = m.values();
    int w = m.width();
    for (int i = 0; i < v.length; i++) {
      if (!Double.isFinite(v[i])) {
        throw new UserException(
            model
                + " takes finite values only: row "
                + (i / w)
                + ", feature "
                + m.columns().get(i % w)
                + " is "
                + v[i]);
      }
    }
  }

  static void requireRows(String model, FeatureMatrix m, int needed, String why) {
    if (m.rows() < needed) {
      throw new UserException(
          model + " needs at least " + needed + " rows " + why + "; got " + m.rows());
    }
  }
}
