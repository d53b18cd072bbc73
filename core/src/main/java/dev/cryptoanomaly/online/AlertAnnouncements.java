package dev.cryptoanomaly.online;

import dev.cryptoanomaly.store.KlineStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Announces alerts once each through the store's announcement ledger, as the stream workers and the
 * Flink job do after storing what they decided: one look at the ledger before any sink, and the
 * keys recorded after every sink has them. A batch handed out again after a crash between storing
 * and acknowledging then posts nothing twice to the webhook, the console or the alert stream; a
 * crash after storing and before the sinks finds nothing recorded, so the announcement is made then
 * and never lost.
 */
public final class AlertAnnouncements {
  private AlertAnnouncements() {}

  /**
   * Gives {@code sinks} the announcements among {@code events} the ledger has not recorded (each
   * key once), then records them.
   *
   * @return how many were announced
   */
  public static int announceOnce(
      KlineStore store, List<AlertEvent> events, List<AlertSink> sinks, long nowMillis) {
    if (events.isEmpty()) {
      return 0;
    }
    Map<String, AlertEvent> byKey = new LinkedHashMap<>();
    for (AlertEvent e : events) {
      byKey.putIfAbsent(e.key(), e);
    }
    byKey.keySet().removeAll(store.announced(byKey.keySet()));
    if (byKey.isEmpty()) {
      return 0;
    }
    List<AlertEvent> fresh = List.copyOf(byKey.values());
    for (AlertSink sink : sinks) {
      sink.publish(fresh);
    }
    store.markAnnounced(byKey.keySet(), nowMillis);
    return fresh.size();
  }
}
