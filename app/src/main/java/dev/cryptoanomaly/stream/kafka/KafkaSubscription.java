package dev.cryptoanomaly.stream.kafka;

import dev.cryptoanomaly.kafka.KafkaClients;
import dev.cryptoanomaly.online.CandleCodec;
import dev.cryptoanomaly.online.CandleEvent;
import dev.cryptoanomaly.stream.CandleBus;
import dev.cryptoanomaly.stream.Delivery;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker's consumer in the workers' group. Offsets are committed only for what the worker
 * acknowledged (after its decisions are stored), so a worker that dies leaves its partitions to the
 * others from its last stored batch; they recognise the candles it decided but did not acknowledge
 * as already decided.
 *
 * <p>The consumer belongs to the thread that polls; the worker acknowledges from its writer thread,
 * so acknowledgements are recorded here and committed at the next poll.
 */
final class KafkaSubscription implements CandleBus.Subscription, ConsumerRebalanceListener {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaSubscription.class);

  /** The most records one poll of the consumer returns. */
  static final int MAX_POLL_RECORDS = 4_000;

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final String topic;
  private final ArrayDeque<ConsumerRecord<byte[], byte[]>> buffered = new ArrayDeque<>();

  /** Per partition, the offset after the last acknowledged record (the next to commit). */
  private final Map<TopicPartition, Long> acked = new ConcurrentHashMap<>();

  private final Map<TopicPartition, Long> committed = new HashMap<>();
  private volatile boolean recover;

  KafkaSubscription(KafkaBus bus, String consumerName) {
    this.topic = bus.settings().candlesTopic();
    Map<String, Object> c = KafkaClients.common(bus.settings(), consumerName);
    c.put(ConsumerConfig.GROUP_ID_CONFIG, bus.group());
    c.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, null);
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_POLL_RECORDS);
    // A killed worker's partitions move to the others after this long without its heartbeat.
    c.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
    c.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 2_000);
    c.put(
        ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
        CooperativeStickyAssignor.class.getName());
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    c.values().removeIf(java.util.Objects::isNull);
    this.consumer = new KafkaConsumer<>(c);
    consumer.subscribe(List.of(topic), this);
  }

  @Override
  public List<Delivery> poll(int max, Duration maxWait) {
    commitAcknowledged(consumer.assignment());
    if (recover) {
      recover = false;
      buffered.clear();
      rewindToAcknowledged(consumer.assignment());
    }
    if (buffered.isEmpty()) {
      for (ConsumerRecord<byte[], byte[]> r : consumer.poll(maxWait)) {
        buffered.add(r);
      }
    }
    return deliveries(Math.max(1, max));
  }

  /**
   * Up to {@code max} buffered records as deliveries: consecutive candles of one partition share a
   * delivery, and a record that does not decode is a delivery of its own with the problem named.
   */
  private List<Delivery> deliveries(int max) {
    List<Delivery> out = new ArrayList<>();
    List<CandleEvent> run = new ArrayList<>();
    TopicPartition runPartition = null;
    long runLast = -1;
    int taken = 0;
    while (taken < max && !buffered.isEmpty()) {
      ConsumerRecord<byte[], byte[]> r = buffered.poll();
      taken++;
      TopicPartition tp = new TopicPartition(r.topic(), r.partition());
      CandleEvent event;
      try {
        event = CandleCodec.decodeOne(r.value());
      } catch (IllegalArgumentException e) {
        if (!run.isEmpty()) {
          out.add(new Delivery(runPartition.toString(), Long.toString(runLast), run, null));
          run = new ArrayList<>();
        }
        out.add(new Delivery(tp.toString(), Long.toString(r.offset()), List.of(), e.getMessage()));
        continue;
      }
      if (!run.isEmpty() && !tp.equals(runPartition)) {
        out.add(new Delivery(runPartition.toString(), Long.toString(runLast), run, null));
        run = new ArrayList<>();
      }
      runPartition = tp;
      runLast = r.offset();
      run.add(event);
    }
    if (!run.isEmpty()) {
      out.add(new Delivery(runPartition.toString(), Long.toString(runLast), run, null));
    }
    return out;
  }

  /** Records the deliveries as done; committed to Kafka at the next poll (the polling thread). */
  @Override
  public void ack(List<Delivery> done) {
    for (Delivery d : done) {
      acked.merge(partition(d.stream()), Long.parseLong(d.id()) + 1, Math::max);
    }
  }

  @Override
  public void recover() {
    recover = true;
  }

  /** Commits what was acknowledged of {@code partitions} since the last commit. */
  private void commitAcknowledged(Collection<TopicPartition> partitions) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (TopicPartition tp : partitions) {
      Long next = acked.get(tp);
      if (next != null && !next.equals(committed.get(tp))) {
        offsets.put(tp, new OffsetAndMetadata(next));
      }
    }
    if (offsets.isEmpty()) {
      return;
    }
    try {
      consumer.commitSync(offsets);
      offsets.forEach((tp, o) -> committed.put(tp, o.offset()));
    } catch (KafkaException e) {
      // Not lost: the records are decided and stored; whoever reads them again recognises them.
      LOG.warn("could not commit offsets {}: {}", offsets, e.getMessage());
    }
  }

  /** After a failure: the next polls start again after the last acknowledged record. */
  private void rewindToAcknowledged(Set<TopicPartition> partitions) {
    Map<TopicPartition, OffsetAndMetadata> stored = consumer.committed(partitions);
    for (TopicPartition tp : partitions) {
      Long next = acked.get(tp);
      OffsetAndMetadata at = stored.get(tp);
      if (next != null) {
        consumer.seek(tp, next);
      } else if (at != null) {
        consumer.seek(tp, at.offset());
      } else {
        consumer.seekToBeginning(List.of(tp));
      }
    }
  }

  @Override
  public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
    commitAcknowledged(partitions);
    forget(partitions);
  }

  @Override
  public void onPartitionsLost(Collection<TopicPartition> partitions) {
    forget(partitions);
  }

  @Override
  public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
    // Acknowledgements from an earlier ownership are stale: start from the group's commits.
    forget(partitions);
    LOG.debug("assigned {}", partitions);
  }

  private void forget(Collection<TopicPartition> partitions) {
    buffered.removeIf(r -> partitions.contains(new TopicPartition(r.topic(), r.partition())));
    for (TopicPartition tp : partitions) {
      acked.remove(tp);
      committed.remove(tp);
    }
  }

  private TopicPartition partition(String name) {
    int dash = name.lastIndexOf('-');
    return new TopicPartition(name.substring(0, dash), Integer.parseInt(name.substring(dash + 1)));
  }

  @Override
  public void close() {
    try {
      commitAcknowledged(consumer.assignment());
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }
}
