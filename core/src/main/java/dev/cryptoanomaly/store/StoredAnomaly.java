package dev.cryptoanomaly.store;

import dev.cryptoanomaly.alert.Severity;

/**
 * An alert as stored: found by a model version, reported at its peak candle, with the explanation
 * as JSON.
 */
public record StoredAnomaly(
    long openTime,
    String model,
    int modelVersion,
    long firstHit,
    long lastHit,
    int hits,
    double score,
    double probability,
    Severity severity,
    String explanationJson,
    long detectedAt) {}
