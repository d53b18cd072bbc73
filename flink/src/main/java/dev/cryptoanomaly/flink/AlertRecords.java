package dev.cryptoanomaly.flink;

import java.nio.charset.StandardCharsets;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Announcements as records of the alerts topic, as the workers write them: the announcement's key,
 * its JSON, and the header {@code kind} ({@code alert}).
 */
final class AlertRecords implements KafkaRecordSerializationSchema<Tuple2<String, String>> {
  private static final long serialVersionUID = 1L;

  /** The header the workers' announcements carry (the app's {@code KafkaAlertTopic.KIND}). */
  static final String KIND = "kind";

  private final String topic;

  AlertRecords(String topic) {
    this.topic = topic;
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(
      Tuple2<String, String> keyAndJson, KafkaSinkContext context, Long timestamp) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(new RecordHeader(KIND, "alert".getBytes(StandardCharsets.US_ASCII)));
    return new ProducerRecord<>(
        topic,
        null,
        null,
        keyAndJson.f0.getBytes(StandardCharsets.UTF_8),
        keyAndJson.f1.getBytes(StandardCharsets.UTF_8),
        headers);
  }
}
