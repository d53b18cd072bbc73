package dev.cryptoanomaly.online;

import java.util.List;

/** Where announcements of alerts go besides the store: a Redis stream, a webhook, the console. */
public interface AlertSink extends AutoCloseable {
  /** Announces alerts; called after their decisions are stored, before the candles are acked. */
  void publish(List<AlertEvent> events);

  /**
   * Announces incidents that came to span several symbols, once each; sinks that do not speak of
   * incidents ignore them.
   */
  default void publishIncidents(List<dev.cryptoanomaly.alert.Incident> incidents) {}

  @Override
  default void close() {}
}
