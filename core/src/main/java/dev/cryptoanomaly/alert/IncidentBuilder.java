package dev.cryptoanomaly.alert;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Groups one source's alerts into incidents. An alert is active from its first hit until a cooldown
 * after its last. A <em>market episode</em> is a time during which the active symbols make a
 * market-wide move by the {@link IncidentRule} (enough of the watched symbols, the reference among
 * them); every alert active during an episode belongs to that episode's one market-wide incident.
 * Every other alert is an incident of its own, single-asset.
 *
 * <p>Why not join any alerts that overlap within the cooldown: across hundreds of symbols the
 * background alone (two alerts per symbol-day at 400 symbols is one every two minutes) leaves no
 * gap, so one incident swallowed a week and every symbol in it. An episode needs the market to move
 * together, which background alerts of separate coins do not; and whether a moment is in an episode
 * depends only on alerts active then, so rebuilding any span finds the same incidents. {@code
 * detect}, the Redis worker and the stream path all build incidents here.
 */
public final class IncidentBuilder {
  private final IncidentSource source;
  private final long cooldownMillis;
  private final IncidentRule rule;
  private final List<String> watched;

  /**
   * @param watched the symbols the source's model watches: the scope's denominator
   */
  public IncidentBuilder(
      IncidentSource source, long cooldownMillis, IncidentRule rule, List<String> watched) {
    this.source = source;
    this.cooldownMillis = cooldownMillis;
    this.rule = rule;
    this.watched = List.copyOf(watched);
  }

  public long cooldownMillis() {
    return cooldownMillis;
  }

  /**
   * The incidents of these alerts (any order), by onset; ids are first ids, see {@link AlertIds}.
   */
  public List<Incident> build(List<IncidentMember> alerts, long nowMillis) {
    List<IncidentMember> byOnset = new ArrayList<>(alerts);
    byOnset.sort(
        Comparator.comparingLong(IncidentMember::firstHit)
            .thenComparing(IncidentMember::symbol)
            .thenComparing(IncidentMember::alertId));
    List<long[]> episodes = episodes(byOnset);
    List<List<IncidentMember>> inEpisode = new ArrayList<>();
    episodes.forEach(e -> inEpisode.add(new ArrayList<>()));
    List<Incident> out = new ArrayList<>();
    int first = 0; // episodes ending before every later alert's onset are passed for good
    for (IncidentMember a : byOnset) {
      while (first < episodes.size() && episodes.get(first)[1] <= a.firstHit()) {
        first++;
      }
      if (first < episodes.size() && episodes.get(first)[0] < activeUntil(a)) {
        inEpisode.get(first).add(a);
      } else {
        out.add(incident(List.of(a), nowMillis));
      }
    }
    for (List<IncidentMember> members : inEpisode) {
      if (!members.isEmpty()) {
        out.add(incident(members, nowMillis));
      }
    }
    out.sort(Comparator.comparingLong(Incident::onset).thenComparing(Incident::lead));
    return out;
  }

  /** When an alert stops counting as active: a cooldown after its last hit. */
  private long activeUntil(IncidentMember a) {
    return a.lastHit() + cooldownMillis;
  }

  /**
   * The market episodes, {start, end} in epoch ms, by start and disjoint: a sweep over the alerts'
   * active spans counting each symbol's active alerts.
   */
  private List<long[]> episodes(List<IncidentMember> byOnset) {
    List<long[]> changes = new ArrayList<>(2 * byOnset.size()); // {time, +1/-1, symbol index}
    Map<String, Integer> index = new HashMap<>();
    for (IncidentMember a : byOnset) {
      int s = index.computeIfAbsent(a.symbol(), k -> index.size());
      changes.add(new long[] {a.firstHit(), 1, s});
      changes.add(new long[] {activeUntil(a), -1, s});
    }
    // Ends before starts at the same moment: spans are half-open.
    changes.sort(Comparator.<long[]>comparingLong(c -> c[0]).thenComparingLong(c -> c[1]));
    int[] activeAlerts = new int[index.size()];
    Integer reference = index.get(rule.referenceSymbol());
    boolean referenceWatched = watched.contains(rule.referenceSymbol());
    int activeSymbols = 0;
    List<long[]> out = new ArrayList<>();
    long start = Long.MIN_VALUE;
    boolean in = false;
    for (int i = 0; i < changes.size(); i++) {
      long[] c = changes.get(i);
      int s = (int) c[2];
      if (c[1] > 0 && activeAlerts[s]++ == 0) {
        activeSymbols++;
      } else if (c[1] < 0 && --activeAlerts[s] == 0) {
        activeSymbols--;
      }
      if (i + 1 < changes.size() && changes.get(i + 1)[0] == c[0]) {
        continue; // judge a moment once all its changes are in
      }
      boolean referenceActive = reference != null && activeAlerts[reference] > 0;
      boolean marketWide =
          rule.marketWide(activeSymbols, referenceActive, referenceWatched, watched.size());
      if (marketWide && !in) {
        start = c[0];
        in = true;
      } else if (!marketWide && in) {
        out.add(new long[] {start, c[0]});
        in = false;
      }
    }
    return out;
  }

  private Incident incident(List<IncidentMember> members, long nowMillis) {
    Set<String> symbols = new HashSet<>();
    long end = Long.MIN_VALUE;
    for (IncidentMember m : members) {
      symbols.add(m.symbol());
      end = Math.max(end, m.lastHit());
    }
    IncidentMember lead = members.getFirst();
    return new Incident(
        AlertIds.incident(source, lead.firstHit(), lead.symbol()),
        source,
        lead.firstHit(),
        end,
        members,
        rule.scope(symbols, watched),
        watched.size(),
        nowMillis);
  }
}
