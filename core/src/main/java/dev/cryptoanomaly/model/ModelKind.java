package dev.cryptoanomaly.model;

import dev.cryptoanomaly.UserException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What {@code train --model} can fit: the two models and the two baselines. */
public enum ModelKind {
  KMEANS("kmeans", true),
  GMM("gmm", true),
  IFOREST("iforest", false),
  ROBUST_Z("robust_z", false);

  private final String id;
  private final boolean clustered;

  ModelKind(String id, boolean clustered) {
    this.id = id;
    this.clustered = clustered;
  }

  public String id() {
    return id;
  }

  /** Whether the model has a number of clusters or components to tune. */
  public boolean clustered() {
    return clustered;
  }

  public static ModelKind parse(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT).replace('-', '_');
    for (ModelKind k : values()) {
      if (k.id.equals(t)) {
        return k;
      }
    }
    throw new UserException(
        "unknown model '"
            + text
            + "' (one of "
            + Arrays.stream(values()).map(ModelKind::id).collect(Collectors.joining(", "))
            + ")");
  }
}
