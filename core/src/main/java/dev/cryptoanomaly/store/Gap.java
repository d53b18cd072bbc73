package dev.cryptoanomaly.store;

/** Candles missing between two stored ones: open times {@code [from, to)} are absent. */
public record Gap(long from, long to, long missing) {}
