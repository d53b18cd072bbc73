package dev.cryptoanomaly.stream.kafka;

import dev.cryptoanomaly.alert.Incident;
import dev.cryptoanomaly.alert.IncidentJson;
import dev.cryptoanomaly.config.Settings;
import dev.cryptoanomaly.kafka.AlertRecord;
import dev.cryptoanomaly.kafka.KafkaClients;
import dev.cryptoanomaly.online.AlertEvent;
import dev.cryptoanomaly.online.AlertJson;
import dev.cryptoanomaly.online.AlertSink;
import dev.cryptoanomaly.online.IncidentAnnouncements;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Announces alerts and incidents on the alerts topic ({@link AlertRecord}'s layout). An idempotent
 * producer; the worker's announcement ledger in the store keeps a redelivered candle from
 * announcing twice.
 */
public final class KafkaAlertTopic implements AlertSink {
  private final String topic;
  private final KafkaProducer<byte[], byte[]> producer;

  /** Reaches the cluster and creates the alerts topic when missing. */
  public KafkaAlertTopic(Settings.Kafka kafka) {
    KafkaClients.ensureTopics(kafka, List.of(kafka.alertsTopic()));
    this.topic = kafka.alertsTopic();
    this.producer = new KafkaProducer<>(KafkaClients.producer(kafka, "crypto-anomaly-announcer"));
  }

  @Override
  public void publish(List<AlertEvent> events) {
    AtomicReference<Exception> failed = new AtomicReference<>();
    for (AlertEvent e : events) {
      send(AlertRecord.of(topic, e.key(), AlertJson.toJson(e), AlertRecord.ALERT), failed);
    }
    finish(failed);
  }

  @Override
  public void publishIncidents(List<Incident> incidents) {
    AtomicReference<Exception> failed = new AtomicReference<>();
    for (Incident i : incidents) {
      String json = IncidentJson.of(i, null, AlertRecord.INCIDENT).toJson();
      send(AlertRecord.of(topic, IncidentAnnouncements.key(i), json, AlertRecord.INCIDENT), failed);
    }
    finish(failed);
  }

  private void send(ProducerRecord<byte[], byte[]> record, AtomicReference<Exception> failed) {
    producer.send(
        record,
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
