package dev.cryptoanomaly.model;

import dev.cryptoanomaly.alert.AlertPolicy;
import dev.cryptoanomaly.alert.SymbolCalibration;
import dev.cryptoanomaly.detect.Detector;
import dev.cryptoanomaly.features.FeatureSpec;
import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Market;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything detection needs, kept together so they cannot drift apart: the detector, the feature
 * spec it was trained on, the market and interval, the score calibration (per symbol) and the alert
 * policy, plus a manifest of how it was made (data range and fingerprint, symbols, trials,
 * versions).
 *
 * @param manifest null only inside a training, while the model is scored before its manifest exists
 */
public record TrainedModel(
    Detector detector,
    FeatureSpec spec,
    Market market,
    Interval interval,
    SymbolCalibration calibration,
    AlertPolicy policy,
    ModelManifest manifest) {

  /** Scores and tail probabilities of each series' rows. */
  public List<AlertPolicy.Scored> score(List<SeriesRows> parts) {
    return score(detector, calibration, parts);
  }

  /** The same for a detector and calibration not yet part of a model (during training). */
  public static List<AlertPolicy.Scored> score(
      Detector detector, SymbolCalibration calibration, List<SeriesRows> parts) {
    List<AlertPolicy.Scored> out = new ArrayList<>();
    for (SeriesRows p : parts) {
      double[] scores = p.size() == 0 ? new double[0] : detector.score(p.rows());
      double[] probabilities = new double[scores.length];
      var own = calibration.of(p.series().symbol());
      for (int i = 0; i < scores.length; i++) {
        probabilities[i] = own.applyAsDouble(scores[i]);
      }
      out.add(new AlertPolicy.Scored(p.series().symbol(), p.openTimes(), scores, probabilities));
    }
    return out;
  }
}
