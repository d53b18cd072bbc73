package dev.cryptoanomaly.binance;

import dev.cryptoanomaly.kline.Kline;
import java.util.List;

/**
 * The outcome of parsing one kline CSV: valid candles sorted by open time (duplicates resolved by
 * keeping the last), and every rejected row with its reason.
 */
public record ParsedKlines(
    List<Kline> klines, List<BadRow> badRows, boolean hadHeader, int duplicates) {}
