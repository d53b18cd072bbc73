package dev.cryptoanomaly.alert;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Alerts of one detector whose spans overlap within its cooldown, across symbols: one market event
 * instead of one alert per symbol.
 *
 * @param id stable while the incident grows ({@link IncidentLedger} keeps the first one given)
 * @param members its alerts by onset; the first is the lead
 * @param onset the earliest first hit, epoch ms
 * @param lastHit the latest last hit
 * @param watched how many symbols the detector watches (the scope's denominator)
 * @param updatedAt when it was built as it stands (last changed), epoch ms
 */
public record Incident(
    String id,
    IncidentSource source,
    long onset,
    long lastHit,
    List<IncidentMember> members,
    IncidentScope scope,
    int watched,
    long updatedAt) {
  public Incident {
    members = List.copyOf(members);
    if (members.isEmpty()) {
      throw new IllegalArgumentException("an incident has at least one alert");
    }
  }

  /** The symbol that hit first. */
  public String lead() {
    return members.getFirst().symbol();
  }

  /** The distinct symbols, in order of onset. */
  public Set<String> symbols() {
    Set<String> out = new LinkedHashSet<>();
    members.forEach(m -> out.add(m.symbol()));
    return out;
  }

  /** The rarest alert: its severity is the incident's. */
  public IncidentMember peak() {
    IncidentMember best = members.getFirst();
    for (IncidentMember m : members) {
      if (m.probability() < best.probability()) {
        best = m;
      }
    }
    return best;
  }

  public Severity severity() {
    Severity top = Severity.WARNING;
    for (IncidentMember m : members) {
      if (m.severity().compareTo(top) > 0) {
        top = m.severity();
      }
    }
    return top;
  }

  /** The same incident as {@code other}, built at any time. */
  public boolean sameAs(Incident other) {
    return id.equals(other.id)
        && source.equals(other.source)
        && onset == other.onset
        && lastHit == other.lastHit
        && members.equals(other.members)
        && scope == other.scope
        && watched == other.watched;
  }

  public Incident withId(String newId) {
    return new Incident(newId, source, onset, lastHit, members, scope, watched, updatedAt);
  }
}
