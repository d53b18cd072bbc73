package dev.cryptoanomaly.train.eval;

import java.util.List;

/**
 * Labelled events the promotion gate judges a candidate on besides injected anomalies: a labels
 * file's windows or the analysts' triage verdicts. Injected anomalies say whether a model finds
 * what we planted; these say whether it finds what the market and the analysts called events.
 *
 * @param source what the events came from, as the gate's reason names it (a path, or {@code
 *     triage})
 */
public record GateLabels(String source, List<EventLabel> events) {
  public GateLabels {
    events = List.copyOf(events);
  }
}
