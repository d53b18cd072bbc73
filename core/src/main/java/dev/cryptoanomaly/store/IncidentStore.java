package dev.cryptoanomaly.store;

import dev.cryptoanomaly.alert.Incident;
import dev.cryptoanomaly.alert.IncidentSource;
import dev.cryptoanomaly.alert.TriageEntry;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What analysts work with beyond single alerts: incidents (alerts overlapping across symbols,
 * rebuilt by {@link IncidentLedger}) and triage, the verdicts on alerts and incidents, kept as
 * history.
 */
public interface IncidentStore {
  /** Alerts of a source whose span (first to last hit) meets {@code [from, to]}, by onset. */
  List<SeriesAnomaly> sourceAlerts(IncidentSource source, long from, long to);

  /**
   * The alerts of {@link #sourceAlerts} as incident members, by first hit and symbol: what building
   * incidents reads, without the explanations and detection times it does not.
   */
  List<dev.cryptoanomaly.alert.IncidentMember> incidentMembers(
      IncidentSource source, long from, long to);

  /** Stored incidents of a source whose span meets {@code [from, to]}, by onset. */
  List<Incident> incidents(IncidentSource source, long from, long to);

  /** Deletes {@code old} and stores {@code fresh}, in one transaction. */
  void replaceIncidents(List<Incident> old, List<Incident> fresh);

  /** Incidents a query asks for, the latest onset first. */
  List<Incident> incidents(IncidentQuery query);

  Optional<Incident> incident(String id);

  /** The stored alert with this id ({@link dev.cryptoanomaly.alert.AlertIds#alert}). */
  Optional<SeriesAnomaly> alert(String id);

  /** Records a verdict; earlier ones for the same target stay, as history. */
  void addTriage(TriageEntry entry);

  /** Every verdict on a target, oldest first. */
  List<TriageEntry> triageHistory(String target);

  /** The current verdict of every triaged target (its latest entry), by target id. */
  Map<String, TriageEntry> triageStates();
}
