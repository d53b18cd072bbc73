package dev.cryptoanomaly.flink;

import dev.cryptoanomaly.kafka.AlertRecord;
import dev.cryptoanomaly.online.IncidentAnnouncements;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The job's announcements, (key, JSON), as records of the alerts topic ({@link AlertRecord}): an
 * incident's key starts with {@value IncidentAnnouncements#KEY_PREFIX}.
 */
final class AlertRecords implements KafkaRecordSerializationSchema<Tuple2<String, String>> {
  private static final long serialVersionUID = 1L;

  private final String topic;

  AlertRecords(String topic) {
    this.topic = topic;
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(
      Tuple2<String, String> keyAndJson, KafkaSinkContext context, Long timestamp) {
    String kind =
        keyAndJson.f0.startsWith(IncidentAnnouncements.KEY_PREFIX)
            ? AlertRecord.INCIDENT
            : AlertRecord.ALERT;
    return AlertRecord.of(topic, keyAndJson.f0, keyAndJson.f1, kind);
  }
}
