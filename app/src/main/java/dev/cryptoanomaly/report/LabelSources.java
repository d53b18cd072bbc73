package dev.cryptoanomaly.report;

import dev.cryptoanomaly.store.IncidentStore;
import dev.cryptoanomaly.train.eval.EventLabels;
import dev.cryptoanomaly.train.eval.GateLabels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a labels argument names: a labels CSV file, or {@code triage}, the analysts' stored verdicts
 * (unless a file of that name is there). {@code evaluate --labels}, {@code models promote --labels}
 * and {@code CRYPTO_ANOMALY_GATE__LABELS} all read it this way.
 */
public final class LabelSources {
  public static final String TRIAGE = "triage";

  private LabelSources() {}

  public static boolean isTriage(Path labels) {
    return labels.toString().equals(TRIAGE) && !Files.exists(labels);
  }

  /** The events a promotion is judged on: the file's windows or the confirmed verdicts. */
  public static GateLabels forGate(Path labels, IncidentStore store) {
    if (isTriage(labels)) {
      return triage(store);
    }
    return new GateLabels(labels.toString(), EventLabels.read(labels));
  }

  /** The analysts' confirmed and known-event verdicts as the gate's events. */
  public static GateLabels triage(IncidentStore store) {
    return new GateLabels(TRIAGE, TriageLabels.of(store).events());
  }

  /** The labels a setting names ({@code CRYPTO_ANOMALY_GATE__LABELS}), or null when unset. */
  public static GateLabels forGate(Optional<String> setting, IncidentStore store) {
    return setting.map(s -> forGate(Path.of(s), store)).orElse(null);
  }
}
