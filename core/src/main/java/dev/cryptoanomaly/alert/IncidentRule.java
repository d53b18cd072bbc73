package dev.cryptoanomaly.alert;

import java.util.Collection;

/**
 * The scope rule. An incident is {@code market-wide} when at least {@code marketShare} of the
 * symbols the model watches (and at least two) alert in it and the reference symbol is one of them;
 * when the model does not watch the reference, the share alone decides. Anything less is {@code
 * single-asset}: one symbol, or a few moving on their own while the market does not. The reference
 * is what {@code market_relative_return} is measured against, so a market-wide move is one that
 * reference carries and a single-asset move one that the market-relative return carries.
 *
 * <p>The share is a majority (0.5) by default: with the five default pairs three must alert with
 * BTCUSDT, so a coin-specific alert that happens to overlap a false one elsewhere stays
 * single-asset, while a crash that takes most of the market is market-wide.
 *
 * @param referenceSymbol the market reference, BTCUSDT
 * @param marketShare the least share of watched symbols in a market-wide incident, in (0, 1]
 */
public record IncidentRule(String referenceSymbol, double marketShare) {
  public static final IncidentRule DEFAULT = new IncidentRule("BTCUSDT", 0.5);

  public IncidentRule {
    if (!(marketShare > 0 && marketShare <= 1)) {
      throw new IllegalArgumentException("market share must be in (0, 1], not " + marketShare);
    }
  }

  /**
   * @param symbols the distinct symbols that alerted in the incident
   * @param watched the symbols the model watches
   */
  public IncidentScope scope(Collection<String> symbols, Collection<String> watched) {
    return marketWide(
            symbols.size(),
            symbols.contains(referenceSymbol),
            watched.contains(referenceSymbol),
            watched.size())
        ? IncidentScope.MARKET_WIDE
        : IncidentScope.SINGLE_ASSET;
  }

  /**
   * The same rule on counts, for a sweep over time that keeps no sets.
   *
   * @param symbols how many distinct watched symbols move
   * @param referenceMoves whether the reference is one of them
   * @param referenceWatched whether the model watches the reference at all
   * @param watched how many symbols the model watches
   */
  public boolean marketWide(
      int symbols, boolean referenceMoves, boolean referenceWatched, int watched) {
    int needed = Math.max(2, (int) Math.ceil(marketShare * watched - 1e-9));
    return symbols >= needed && (referenceMoves || !referenceWatched);
  }
}
