package dev.cryptoanomaly.alert;

/**
 * One alert: consecutive hits of one series grouped under a cooldown. The peak is the hit with the
 * lowest tail probability, whose candle the alert is reported at.
 *
 * @param firstHit open time of the first candle past the threshold
 * @param lastHit open time of the last
 * @param peak open time of the rarest candle
 * @param peakIndex the peak's index in the scored rows
 */
public record Alert(
    String symbol,
    long firstHit,
    long lastHit,
    long peak,
    int peakIndex,
    double score,
    double probability,
    Severity severity,
    int hits) {}
