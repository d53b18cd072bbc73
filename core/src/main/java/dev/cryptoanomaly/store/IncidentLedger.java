package dev.cryptoanomaly.store;

import dev.cryptoanomaly.alert.Incident;
import dev.cryptoanomaly.alert.IncidentBuilder;
import dev.cryptoanomaly.alert.IncidentMember;
import dev.cryptoanomaly.alert.IncidentSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps a source's stored incidents in step with its stored alerts after a detection wrote some:
 * the incidents meeting the span it touched are built again from the alerts, widened until every
 * incident meeting it lies inside it. An incident that grows keeps the id it was first stored under
 * (the oldest stored incident sharing an alert with it), so triage and announcements follow it.
 * {@code detect} and the stream worker both call this after storing.
 */
public final class IncidentLedger {
  private IncidentLedger() {}

  /**
   * Rebuilds the incidents of {@code builder}'s source meeting {@code [from, to]} (epoch ms, alert
   * spans). The span widens to every incident, stored or built, that meets it, reading alerts two
   * cooldowns beyond, since whether a moment is in a market episode depends on the alerts active
   * then (an alert stays active a cooldown after its last hit). Background alerts of other symbols
   * nearby are incidents of their own, so the span stays near the one the detection touched.
   *
   * @return the incidents built, by onset, with their stored ids
   */
  public static List<Incident> rebuild(
      IncidentStore store,
      IncidentSource source,
      IncidentBuilder builder,
      long from,
      long to,
      long nowMillis) {
    long reach = 2 * builder.cooldownMillis();
    WideningReads<Incident> storedReads =
        new WideningReads<>(
            (f, t) -> store.incidents(source, f, t),
            Incident::id,
            Incident::onset,
            Incident::lastHit,
            Comparator.comparingLong(Incident::onset).thenComparing(Incident::id));
    WideningReads<IncidentMember> alertReads =
        new WideningReads<>(
            (f, t) -> store.incidentMembers(source, f, t),
            IncidentMember::alertId,
            IncidentMember::firstHit,
            IncidentMember::lastHit,
            Comparator.comparingLong(IncidentMember::firstHit)
                .thenComparing(IncidentMember::symbol));
    long lo = from;
    long hi = to;
    while (true) {
      List<Incident> stored = storedReads.meeting(lo, hi);
      List<IncidentMember> alerts = alertReads.meeting(lo - reach, hi + reach);
      List<Incident> built = new ArrayList<>();
      for (Incident i : builder.build(alerts, nowMillis)) {
        if (i.lastHit() >= lo && i.onset() <= hi) {
          built.add(i);
        }
      }
      long newLo = lo;
      long newHi = hi;
      for (List<Incident> incidents : List.of(stored, built)) {
        for (Incident i : incidents) {
          newLo = Math.min(newLo, i.onset());
          newHi = Math.max(newHi, i.lastHit());
        }
      }
      if (newLo == lo && newHi == hi) {
        return writeChanges(store, stored, keepIds(built, stored));
      }
      lo = newLo;
      hi = newHi;
    }
  }

  /**
   * Replaces the stored incidents that changed. A rebuild in a busy market builds hundreds of
   * incidents of which a few changed; rewriting them all held the store's write lock for
   * milliseconds on every rebuild. An incident built again unchanged keeps the time it was stored.
   *
   * @return the incidents as now stored
   */
  private static List<Incident> writeChanges(
      IncidentStore store, List<Incident> stored, List<Incident> fresh) {
    Map<String, Incident> before = new HashMap<>();
    stored.forEach(i -> before.put(i.id(), i));
    Map<String, Incident> after = new HashMap<>();
    fresh.forEach(i -> after.put(i.id(), i));
    List<Incident> gone = new ArrayList<>();
    for (Incident old : stored) {
      Incident now = after.get(old.id());
      if (now == null || !now.sameAs(old)) {
        gone.add(old);
      }
    }
    List<Incident> changed = new ArrayList<>();
    List<Incident> out = new ArrayList<>(fresh.size());
    for (Incident now : fresh) {
      Incident old = before.get(now.id());
      if (old == null || !now.sameAs(old)) {
        changed.add(now);
        out.add(now);
      } else {
        out.add(old);
      }
    }
    if (!gone.isEmpty() || !changed.isEmpty()) {
      store.replaceIncidents(gone, changed);
    }
    return out;
  }

  private static List<Incident> keepIds(List<Incident> fresh, List<Incident> stored) {
    Map<String, String> idByAlert = new HashMap<>();
    for (Incident old : stored) { // by onset: the oldest incident's id wins
      for (IncidentMember m : old.members()) {
        idByAlert.putIfAbsent(m.alertId(), old.id());
      }
    }
    Set<String> taken = new HashSet<>();
    List<Incident> out = new ArrayList<>(fresh.size());
    for (Incident i : fresh) {
      String id = null;
      for (IncidentMember m : i.members()) {
        String old = idByAlert.get(m.alertId());
        if (old != null && !taken.contains(old)) {
          id = old;
          break;
        }
      }
      if (id == null || !taken.add(id)) {
        id = i.id();
        taken.add(id);
      }
      out.add(id.equals(i.id()) ? i : i.withId(id));
    }
    return out;
  }
}
