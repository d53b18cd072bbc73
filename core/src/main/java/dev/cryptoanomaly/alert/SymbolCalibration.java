package dev.cryptoanomaly.alert;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Tail probabilities per symbol for a model pooled over many. With one calibration for all, a pair
 * whose scores sit higher everywhere takes the alert budget while a quiet one never alerts. Each
 * symbol's scores are read as the pooled distribution shifted by an offset of its own (a location
 * model): P_s(score) = P(score - offset_s). The offset is the symbol's 99th percentile less that of
 * all symbols together, both over the same (training and validation) candles, shrunk toward 0 by
 * empirical Bayes (James-Stein): the spread of the raw offsets across symbols is part real
 * difference (variance tau^2) and part sampling noise (variance sigma_s^2 = 0.99 / 0.01 x scale^2 /
 * n_s for the 99th percentile of n_s scores under the pooled exponential tail), and each symbol
 * keeps the share tau^2 / (tau^2 + sigma_s^2) of its raw offset. Symbols that do not really differ,
 * or whose held-out history is short, stay at the pooled calibration, so per-symbol thresholds do
 * not chase noise. Symbols with fewer than {@link #MIN_SYMBOL_ROWS} candles, models of fewer than
 * {@link #MIN_SYMBOLS} symbols and symbols the model never saw use the pooled one.
 *
 * @param pooled the calibration of all held-out candles together
 * @param offsets each symbol's shrunk offset in score units; empty for models saved before there
 *     were any (they behave as before) or trained with a pooled calibration
 */
public record SymbolCalibration(ScoreCalibration pooled, Map<String, Double> offsets) {
  /** Candles a symbol needs for an offset of its own: two beyond its 99th percentile. */
  public static final int MIN_SYMBOL_ROWS = 200;

  /** Shrinkage estimates the spread between symbols: it needs at least three (James-Stein). */
  public static final int MIN_SYMBOLS = 3;

  public SymbolCalibration {
    offsets = Map.copyOf(offsets);
  }

  /** A model calibrated on all symbols together (saved before per-symbol calibration, or tests). */
  public static SymbolCalibration pooledOnly(ScoreCalibration pooled) {
    return new SymbolCalibration(pooled, Map.of());
  }

  /**
   * Fits the pooled calibration on held-out scores and each symbol's offset on its scores.
   *
   * @param pooledScores the validation period's scores of every symbol
   * @param scoresBySymbol each symbol's scores the offsets are estimated from
   */
  public static SymbolCalibration fit(double[] pooledScores, Map<String, double[]> scoresBySymbol) {
    ScoreCalibration pooled = ScoreCalibration.fit(pooledScores);
    // Offsets are measured against the pooled distribution of the same rows, so that a shift
    // common to every symbol (a calmer validation week than the training weeks) is no offset.
    double[] all = scoresBySymbol.values().stream().flatMapToDouble(Arrays::stream).toArray();
    if (all.length < ScoreCalibration.MIN_ROWS) {
      return pooledOnly(pooled);
    }
    ScoreCalibration reference = ScoreCalibration.fit(all);
    Map<String, double[]> raw = new TreeMap<>(); // symbol -> {raw offset, sampling variance}
    double scale2 = reference.tailScale() * reference.tailScale();
    scoresBySymbol.forEach(
        (symbol, scores) -> {
          if (scores.length >= MIN_SYMBOL_ROWS) {
            double[] sorted = scores.clone();
            Arrays.sort(sorted);
            double q = ScoreCalibration.quantile(sorted, 1 - ScoreCalibration.TAIL);
            double noise =
                (1 - ScoreCalibration.TAIL) / ScoreCalibration.TAIL * scale2 / scores.length;
            raw.put(symbol, new double[] {q - reference.tailStart(), noise});
          }
        });
    if (raw.size() < MIN_SYMBOLS) {
      return pooledOnly(pooled);
    }
    double spread = raw.values().stream().mapToDouble(r -> r[0] * r[0]).average().orElse(0);
    double noise = raw.values().stream().mapToDouble(r -> r[1]).average().orElse(0);
    double tau2 = Math.max(0, spread - noise);
    Map<String, Double> offsets = new TreeMap<>();
    raw.forEach(
        (symbol, r) -> offsets.put(symbol, tau2 == 0 ? 0.0 : r[0] * (tau2 / (tau2 + r[1]))));
    return new SymbolCalibration(pooled, offsets);
  }

  /** A symbol's offset: 0 for one without its own. */
  public double offset(String symbol) {
    return offsets.getOrDefault(symbol, 0.0);
  }

  /** P(score >= s) for this symbol's candles. */
  public double tailProbability(String symbol, double score) {
    return pooled.tailProbability(score - offset(symbol));
  }

  /** A symbol's calibration as a function, for a series scored many times. */
  public java.util.function.DoubleUnaryOperator of(String symbol) {
    double shift = offset(symbol);
    return score -> pooled.tailProbability(score - shift);
  }
}
