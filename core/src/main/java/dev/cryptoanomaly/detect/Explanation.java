package dev.cryptoanomaly.detect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Comparator;
import java.util.List;

/**
 * Why a row scored as it did: each feature's share of the score (shares sum to 1 when the model can
 * split its score by feature, measured from the nearest regime: a cluster centre or the most
 * responsible mixture component), the row's value and the feature's typical value, largest share
 * first. Typical is the training median, what a normal candle looks like: never the centre of a
 * regime of crash candles, which a crash candle is nearest to and would be "typical" of.
 *
 * @param regime the index of the nearest cluster or most responsible component, -1 when the model
 *     has no regimes
 */
public record Explanation(int regime, List<Contribution> contributions) {
  public record Contribution(String feature, double value, double typical, double share) {
    /** {@code above} or {@code below} typical (not stored: it follows from the two values). */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public String direction() {
      return value > typical ? "above" : value < typical ? "below" : "at";
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The JSON stored with an alert; batch detection and the stream worker write the same text. */
  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write an explanation as JSON", e);
    }
  }

  static Explanation sorted(int regime, List<Contribution> contributions) {
    return new Explanation(
        regime,
        contributions.stream()
            .sorted(Comparator.comparingDouble(Contribution::share).reversed())
            .toList());
  }

  /** Shares from non-negative parts; all equal when every part is zero. */
  static double[] shares(double[] parts) {
    double total = 0;
    for (double p : parts) {
      total += Math.max(0, p);
    }
    double[] out = new double[parts.length];
    for (int j = 0; j < parts.length; j++) {
      out[j] = total > 0 ? Math.max(0, parts[j]) / total : 1.0 / parts.length;
    }
    return out;
  }
}
