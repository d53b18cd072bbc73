package dev.cryptoanomaly.stream.kafka;

import dev.cryptoanomaly.config.Settings;
import dev.cryptoanomaly.kafka.KafkaClients;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.online.CandleCodec;
import dev.cryptoanomaly.online.CandleEvent;
import dev.cryptoanomaly.stream.CandleBus;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Kafka as the bus: each closed candle is one record on the candles topic, keyed by its series so
 * that a series always lands on one partition and stays in order there; an idempotent producer
 * writes a retried send once. Workers form one consumer group and Kafka shares the partitions among
 * them, moving a stopped worker's partitions to the others (what {@code ShardLeases} does on
 * Redis).
 */
public final class KafkaBus implements CandleBus {
  private final Settings.Kafka kafka;
  private final KafkaProducer<byte[], byte[]> producer;
  private final Map<SeriesKey, byte[]> keys = new ConcurrentHashMap<>();

  /**
   * Reaches the cluster and creates the candles topic when missing.
   *
   * @throws dev.cryptoanomaly.UserException when the cluster cannot be reached or the topic made
   */
  public KafkaBus(Settings.Kafka kafka) {
    this.kafka = kafka;
    KafkaClients.ensureTopics(kafka, List.of(kafka.candlesTopic()));
    this.producer = new KafkaProducer<>(KafkaClients.producer(kafka, "crypto-anomaly-publisher"));
  }

  /** The consumer group workers join, one per topic prefix. */
  public String group() {
    return kafka.topicPrefix() + "workers";
  }

  Settings.Kafka settings() {
    return kafka;
  }

  /** The record key of a series: its market, symbol and interval. */
  static byte[] key(SeriesKey series) {
    return series.toString().getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public void publish(List<CandleEvent> events) {
    if (events.isEmpty()) {
      return;
    }
    AtomicReference<Exception> failed = new AtomicReference<>();
    for (CandleEvent e : events) {
      byte[] key = keys.computeIfAbsent(e.series(), KafkaBus::key);
      producer.send(
          new ProducerRecord<>(kafka.candlesTopic(), key, CandleCodec.encodeOne(e)),
          (meta, error) -> {
            if (error != null) {
              failed.compareAndSet(null, error);
            }
          });
    }
    producer.flush();
    if (failed.get() != null) {
      throw new IllegalStateException(
          "Kafka did not take candles on " + kafka.candlesTopic() + ": " + failed.get(),
          failed.get());
    }
  }

  @Override
  public Subscription subscribe(String consumer) {
    return new KafkaSubscription(this, consumer);
  }

  /**
   * Candles published and not yet acknowledged by the workers' group, over all partitions (for
   * tests, benchmarks and status).
   */
  public long backlog() {
    return KafkaLag.of(kafka, group(), kafka.candlesTopic());
  }

  @Override
  public String describe() {
    return "Kafka at " + KafkaClients.servers(kafka) + " (topic " + kafka.candlesTopic() + ")";
  }

  @Override
  public void close() {
    producer.close();
  }
}
