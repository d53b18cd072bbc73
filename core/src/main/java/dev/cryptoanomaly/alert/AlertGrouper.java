package dev.cryptoanomaly.alert;

/**
 * The grouping of an {@link AlertPolicy} one candle at a time: hits of one series less than the
 * cooldown apart form one alert, reported at its rarest hit. Batch detection and the stream worker
 * both group through this class, so they find the same alerts.
 */
public final class AlertGrouper {
  private final AlertPolicy policy;
  private final String symbol;
  private Alert open;

  public AlertGrouper(AlertPolicy policy, String symbol) {
    this.policy = policy;
    this.symbol = symbol;
  }

  /**
   * Takes the next scored candle of the series (ascending open time). A candle is a hit when its
   * probability is at most the threshold (NaN never is).
   *
   * @param index the candle's index among the scored rows, kept for the peak's explanation
   * @return the group this hit closed by starting a new one, or null
   */
  public Alert accept(long openTime, double score, double probability, int index) {
    if (!(probability <= policy.threshold())) {
      return null;
    }
    if (open != null && openTime - open.lastHit() <= policy.cooldownMillis()) {
      boolean rarer = probability < open.probability();
      open =
          new Alert(
              symbol,
              open.firstHit(),
              openTime,
              rarer ? openTime : open.peak(),
              rarer ? index : open.peakIndex(),
              rarer ? score : open.score(),
              rarer ? probability : open.probability(),
              rarer ? Severity.of(probability, policy.threshold()) : open.severity(),
              open.hits() + 1);
      return null;
    }
    Alert closed = open;
    open =
        new Alert(
            symbol,
            openTime,
            openTime,
            openTime,
            index,
            score,
            probability,
            Severity.of(probability, policy.threshold()),
            1);
    return closed;
  }

  /** The latest group, still open to further hits within the cooldown; null before any hit. */
  public Alert current() {
    return open;
  }

  /** Continues from a group found earlier, e.g. by a worker before a restart. */
  public void restore(Alert group) {
    this.open = group;
  }
}
