package dev.cryptoanomaly.model;

import java.time.Instant;

/**
 * Where the chronological split fell and how many rows each part held: train is {@code [from,
 * trainEnd)}, validation {@code [trainEnd, validationEnd)}, test {@code [validationEnd, to)}.
 */
public record DataSplit(
    Instant trainEnd, Instant validationEnd, int rowsTrain, int rowsValidation, int rowsTest) {}
