package dev.cryptoanomaly.features;

import dev.cryptoanomaly.kline.SeriesKey;
import java.util.Map;

/**
 * The features of one series over a range, as computed for storage or training.
 *
 * @param spec the features actually computed: the requested ones minus the unavailable
 * @param unavailable requested features the data cannot provide, each with the reason
 */
public record SeriesFeatures(
    SeriesKey series, FeatureSpec spec, Map<Feature, String> unavailable, FeatureFrame frame) {}
