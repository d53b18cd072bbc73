package dev.cryptoanomaly.stream.kafka;

import dev.cryptoanomaly.alert.Incident;
import dev.cryptoanomaly.alert.IncidentJson;
import dev.cryptoanomaly.config.Settings;
import dev.cryptoanomaly.kafka.KafkaClients;
import dev.cryptoanomaly.online.AlertEvent;
import dev.cryptoanomaly.online.AlertJson;
import dev.cryptoanomaly.online.AlertSink;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Announces alerts and incidents on the alerts topic, keyed by the announcement's key (an alert
 * group's series, onset and severity; an incident's id), with a header {@value #KIND} saying which
 * of the two the JSON value is. An idempotent producer; the worker's announcement ledger in the
 * store keeps a redelivered candle from announcing twice.
 */
public final class KafkaAlertTopic implements AlertSink {
  /** The record header naming what the value is: {@value #ALERT} or {@value #INCIDENT}. */
  public static final String KIND = "kind";

  public static final String ALERT = "alert";
  public static final String INCIDENT = "incident";

  private final String topic;
  private final KafkaProducer<String, String> producer;

  /** Reaches the cluster and creates the alerts topic when missing. */
  public KafkaAlertTopic(Settings.Kafka kafka) {
    KafkaClients.ensureTopics(kafka, List.of(kafka.alertsTopic()));
    this.topic = kafka.alertsTopic();
    this.producer =
        new KafkaProducer<>(KafkaClients.textProducer(kafka, "crypto-anomaly-announcer"));
  }

  @Override
  public void publish(List<AlertEvent> events) {
    AtomicReference<Exception> failed = new AtomicReference<>();
    for (AlertEvent e : events) {
      send(e.key(), AlertJson.toJson(e), ALERT, failed);
    }
    finish(failed);
  }

  @Override
  public void publishIncidents(List<Incident> incidents) {
    AtomicReference<Exception> failed = new AtomicReference<>();
    for (Incident i : incidents) {
      send("incident:" + i.id(), IncidentJson.of(i, null, INCIDENT).toJson(), INCIDENT, failed);
    }
    finish(failed);
  }

  private void send(String key, String json, String kind, AtomicReference<Exception> failed) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(new RecordHeader(KIND, kind.getBytes(StandardCharsets.US_ASCII)));
    producer.send(
        new ProducerRecord<>(topic, null, key, json, headers),
        (meta, error) -> {
          if (error != null) {
            failed.compareAndSet(null, error);
          }
        });
  }

  /** Returns once Kafka holds every announcement: the worker records them as announced after. */
  private void finish(AtomicReference<Exception> failed) {
    producer.flush();
    if (failed.get() != null) {
      throw new IllegalStateException(
          "Kafka did not take announcements on " + topic + ": " + failed.get(), failed.get());
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}
