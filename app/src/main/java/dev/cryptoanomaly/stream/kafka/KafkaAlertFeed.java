package dev.cryptoanomaly.stream.kafka;

import dev.cryptoanomaly.config.Settings;
import dev.cryptoanomaly.kafka.AlertRecord;
import dev.cryptoanomaly.kafka.KafkaClients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the alerts topic from where it ended when the feed was opened, as {@code alerts --follow}
 * does: every partition, no consumer group (a follower takes nothing from anyone), and only
 * committed records, so an announcement of an aborted transaction is never shown.
 */
public final class KafkaAlertFeed implements AutoCloseable {
  /** One announcement: {@link AlertRecord#ALERT} or {@link AlertRecord#INCIDENT}, JSON. */
  public record Announcement(String kind, String json) {}

  private final KafkaConsumer<String, String> consumer;

  private KafkaAlertFeed(KafkaConsumer<String, String> consumer) {
    this.consumer = consumer;
  }

  /**
   * Opens the feed at the topic's current end: announcements made after this call are read, those
   * before are not (the store lists them).
   */
  public static KafkaAlertFeed fromEnd(Settings.Kafka kafka) {
    KafkaClients.ensureTopics(kafka, List.of(kafka.alertsTopic()));
    Map<String, Object> c = KafkaClients.common(kafka, "crypto-anomaly-follower");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c);
    try {
      List<TopicPartition> partitions = new ArrayList<>();
      for (var p : consumer.partitionsFor(kafka.alertsTopic(), Duration.ofSeconds(30))) {
        partitions.add(new TopicPartition(p.topic(), p.partition()));
      }
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      partitions.forEach(consumer::position); // fixes the end now, not at the first poll
      return new KafkaAlertFeed(consumer);
    } catch (RuntimeException e) {
      consumer.close();
      throw e;
    }
  }

  /** The announcements that arrived, waiting at most {@code wait} for some. */
  public List<Announcement> poll(Duration wait) {
    List<Announcement> out = new ArrayList<>();
    for (ConsumerRecord<String, String> r : consumer.poll(wait)) {
      out.add(new Announcement(AlertRecord.kind(r.headers()), r.value()));
    }
    return out;
  }

  @Override
  public void close() {
    consumer.close();
  }
}
