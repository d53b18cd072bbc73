package dev.cryptoanomaly.report;

import dev.cryptoanomaly.BadArgumentException;
import dev.cryptoanomaly.UserException;
import dev.cryptoanomaly.alert.AlertIds;
import dev.cryptoanomaly.alert.Incident;
import dev.cryptoanomaly.alert.TriageEntry;
import dev.cryptoanomaly.alert.TriageState;
import dev.cryptoanomaly.store.IncidentStore;
import dev.cryptoanomaly.store.SeriesAnomaly;
import java.util.Optional;

/**
 * Records an analyst's verdict on an alert or incident, the same from the CLI, the dashboard and
 * its API: the id must name a stored alert or incident, the state one of {@link TriageState}, the
 * note at most {@link TriageEntry#MAX_NOTE} characters; otherwise one line naming the input, and
 * nothing stored.
 */
public final class Triage {
  private Triage() {}

  /** What was triaged: an alert or an incident, as stored. */
  public record Target(String id, SeriesAnomaly alert, Incident incident) {
    public String describe() {
      if (alert != null) {
        return "alert "
            + id
            + " ("
            + alert.series().symbol()
            + " "
            + alert.series().interval().apiName()
            + ", onset "
            + dev.cryptoanomaly.Numbers.instant(alert.anomaly().firstHit())
            + ")";
      }
      return "incident "
          + id
          + " ("
          + incident.scope().id()
          + ", "
          + incident.symbols().size()
          + (incident.symbols().size() == 1 ? " symbol" : " symbols")
          + ", onset "
          + dev.cryptoanomaly.Numbers.instant(incident.onset())
          + ")";
    }
  }

  /**
   * @param idField where the id was given ({@code id})
   * @param stateField where the state was given ({@code as} on the CLI, {@code state} on the web)
   * @param authorField where the author came from
   */
  public static Target record(
      IncidentStore store,
      String id,
      String state,
      String note,
      String author,
      long atMillis,
      String idField,
      String stateField,
      String authorField) {
    Target target = find(store, id, idField);
    TriageState s = TriageState.parse(state, stateField);
    TriageEntry entry = TriageEntry.of(target.id(), s, note, author, atMillis, authorField);
    store.addTriage(entry);
    return target;
  }

  /** The stored alert or incident an id names; a one-line error naming {@code field} otherwise. */
  public static Target find(IncidentStore store, String id, String field) {
    String trimmed = id == null ? "" : id.strip();
    if (!AlertIds.wellFormed(trimmed)) {
      throw new BadArgumentException(
          field,
          "'"
              + dev.cryptoanomaly.Messages.oneLine(trimmed)
              + "' is not an alert or incident id (a or i and 12 letters and digits, as `alerts`"
              + " and `incidents` print them)");
    }
    if (trimmed.charAt(0) == 'a') {
      Optional<SeriesAnomaly> a = store.alert(trimmed);
      if (a.isPresent()) {
        return new Target(trimmed, a.get(), null);
      }
      throw new UserException("no stored alert has the id " + trimmed);
    }
    return store
        .incident(trimmed)
        .map(i -> new Target(trimmed, null, i))
        .orElseThrow(() -> new UserException("no stored incident has the id " + trimmed));
  }
}
