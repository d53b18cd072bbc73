package dev.cryptoanomaly.stream;

import dev.cryptoanomaly.model.TrainedModel;

/** A registered model version loaded for scoring. */
record LoadedModel(String name, int version, TrainedModel model) {
  String id() {
    return name + "@" + version;
  }
}
