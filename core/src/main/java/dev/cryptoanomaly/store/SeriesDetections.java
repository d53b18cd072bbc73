package dev.cryptoanomaly.store;

import dev.cryptoanomaly.kline.SeriesKey;
import java.util.List;

/**
 * One series' share of a worker batch: its new decisions and the alert groups they opened or
 * extended (each replaces the stored group with the same first hit).
 */
public record SeriesDetections(
    SeriesKey series, List<StoredDecision> decisions, List<StoredAnomaly> groups) {}
