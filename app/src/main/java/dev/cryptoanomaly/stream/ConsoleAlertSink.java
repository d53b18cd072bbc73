package dev.cryptoanomaly.stream;

import dev.cryptoanomaly.Numbers;
import dev.cryptoanomaly.model.ModelRef;
import dev.cryptoanomaly.online.AlertEvent;
import dev.cryptoanomaly.online.AlertJson;
import dev.cryptoanomaly.online.AlertSink;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** Prints announcements as they happen: one line each, or one JSON object per line. */
public final class ConsoleAlertSink implements AlertSink {
  private final PrintWriter out;
  private final boolean json;

  public ConsoleAlertSink(PrintWriter out, boolean json) {
    this.out = out;
    this.json = json;
  }

  @Override
  public synchronized void publish(List<AlertEvent> events) {
    for (AlertEvent e : events) {
      out.println(json ? AlertJson.toJson(e) : line(e));
    }
    out.flush();
  }

  @Override
  public synchronized void publishIncidents(List<dev.cryptoanomaly.alert.Incident> incidents) {
    for (var i : incidents) {
      out.println(
          json ? dev.cryptoanomaly.alert.IncidentJson.of(i, null, "incident").toJson() : line(i));
    }
    out.flush();
  }

  /** A human line for an incident announcement. */
  public static String line(dev.cryptoanomaly.alert.Incident i) {
    return String.format(
        Locale.ROOT,
        "INCIDENT %-12s %-9s %d/%d symbols lead=%s %-4s %s id=%s %s",
        i.scope().id(),
        i.severity().id(),
        i.symbols().size(),
        i.watched(),
        i.lead(),
        i.source().interval().apiName(),
        Numbers.instant(i.onset()),
        i.id(),
        i.source().label());
  }

  /** A human line for an announcement. */
  public static String line(AlertEvent e) {
    return String.format(
        Locale.ROOT,
        "%s %-9s %-10s %-8s %-20s peak=%s p=%s score=%s hits=%d %s",
        e.kind().equals(AlertEvent.OPENED) ? "ALERT" : "UP   ",
        e.severity().id(),
        e.series().symbol(),
        e.series().interval().apiName(),
        Numbers.instant(e.firstHit()),
        Numbers.instant(e.peak()),
        Numbers.probability(e.probability()),
        Numbers.format(e.score()),
        e.hits(),
        ModelRef.of(e.model(), e.version()).toString());
  }
}
