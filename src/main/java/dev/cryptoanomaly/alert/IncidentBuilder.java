package dev.cryptoanomaly.alert;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Groups one source's alerts into incidents: sorted by onset, an alert joins the open incident when
 * it starts no later than the cooldown after the incident's last hit so far, across symbols, the
 * way {@link AlertGrouper} joins hits of one series. {@code detect}, the Redis worker and the
 * stream path all build incidents here, so they find the same ones.
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
    List<Incident> out = new ArrayList<>();
    List<IncidentMember> open = new ArrayList<>();
    long end = Long.MIN_VALUE;
    for (IncidentMember a : byOnset) {
      if (!open.isEmpty() && a.firstHit() - end > cooldownMillis) {
        out.add(incident(open, end, nowMillis));
        open = new ArrayList<>();
      }
      end = open.isEmpty() ? a.lastHit() : Math.max(end, a.lastHit());
      open.add(a);
    }
    if (!open.isEmpty()) {
      out.add(incident(open, end, nowMillis));
    }
    return out;
  }

  private Incident incident(List<IncidentMember> members, long end, long nowMillis) {
    Set<String> symbols = new HashSet<>();
    members.forEach(m -> symbols.add(m.symbol()));
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
