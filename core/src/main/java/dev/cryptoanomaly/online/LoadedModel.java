package dev.cryptoanomaly.online;

import dev.cryptoanomaly.model.ModelRef;
import dev.cryptoanomaly.model.TrainedModel;

/** A registered model version loaded for scoring. */
public record LoadedModel(String name, int version, TrainedModel model) {
  /**
   * By name and version alone (equal models share both): a stored batch's parts and spans are kept
   * by model, and the record's own hash walked the whole trained model, calibration included, for
   * every lookup.
   */
  @Override
  public int hashCode() {
    return 31 * name.hashCode() + version;
  }

  public String id() {
    return ModelRef.of(name, version).toString();
  }
}
