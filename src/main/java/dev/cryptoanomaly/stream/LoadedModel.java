package dev.cryptoanomaly.stream;

import dev.cryptoanomaly.model.ModelRef;
import dev.cryptoanomaly.model.TrainedModel;

/** A registered model version loaded for scoring. */
record LoadedModel(String name, int version, TrainedModel model) {
  String id() {
    return ModelRef.of(name, version).toString();
  }
}
