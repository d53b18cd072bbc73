package dev.cryptoanomaly.online;

import dev.cryptoanomaly.model.ModelRef;
import dev.cryptoanomaly.model.TrainedModel;

/** A registered model version loaded for scoring. */
public record LoadedModel(String name, int version, TrainedModel model) {
  public String id() {
    return ModelRef.of(name, version).toString();
  }
}
