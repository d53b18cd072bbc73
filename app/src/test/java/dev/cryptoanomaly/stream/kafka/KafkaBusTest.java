package dev.cryptoanomaly.stream.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cryptoanomaly.UserException;
import dev.cryptoanomaly.config.Settings;
import dev.cryptoanomaly.kafka.KafkaClients;
import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Kline;
import dev.cryptoanomaly.kline.Market;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.online.CandleEvent;
import dev.cryptoanomaly.stream.CandleBus;
import dev.cryptoanomaly.stream.Delivery;
import dev.cryptoanomaly.testkit.TestKafka;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The Kafka bus on a real KRaft broker: partitions by series, acknowledgement, recovery. */
@Tag("kafka")
class KafkaBusTest {
  static final long T0 = 1_715_000_000_000L - 1_715_000_000_000L % 60_000;
  static final List<String> SYMBOLS =
      List.of("BTCUSDT", "ETHUSDT", "SOLUSDT", "BNBUSDT", "XRPUSDT");

  @Test
  void topicsAreCreatedAndEachSeriesStaysInOrderOnOnePartition() throws Exception {
    Settings.Kafka kafka = TestKafka.fresh(4);
    List<CandleEvent> events = events(40);
    try (KafkaBus bus = new KafkaBus(kafka);
        CandleBus.Subscription sub = bus.subscribe("only")) {
      bus.publish(events);
      List<Delivery> got = pollAll(sub, events.size());
      assertThat(partitions(kafka)).isEqualTo(4);
      Map<SeriesKey, Set<String>> streams = new HashMap<>();
      Map<SeriesKey, List<Long>> order = new HashMap<>();
      for (Delivery d : got) {
        assertThat(d.problem()).isNull();
        for (CandleEvent e : d.events()) {
          streams.computeIfAbsent(e.series(), k -> new HashSet<>()).add(d.stream());
          order.computeIfAbsent(e.series(), k -> new ArrayList<>()).add(e.kline().openTime());
        }
      }
      assertThat(streams).hasSize(SYMBOLS.size()).allSatisfy((s, on) -> assertThat(on).hasSize(1));
      for (String s : SYMBOLS) {
        assertThat(order.get(series(s))).as(s).isEqualTo(openTimes(events, s));
      }
      // Values round-trip to the bit.
      assertThat(got.stream().flatMap(d -> d.events().stream()).map(CandleEvent::kline))
          .containsExactlyInAnyOrderElementsOf(events.stream().map(CandleEvent::kline).toList());
    }
  }

  @Test
  void whatWasNotAcknowledgedComesBackAfterRecoverAndToTheNextConsumer() throws Exception {
    Settings.Kafka kafka = TestKafka.fresh(1);
    List<CandleEvent> events = events(20); // 100 candles on one partition
    try (KafkaBus bus = new KafkaBus(kafka)) {
      bus.publish(events);
      try (CandleBus.Subscription first = bus.subscribe("first")) {
        first.ack(pollAll(first, 30, 30));
        List<Delivery> b = pollAll(first, 30, 30);
        assertThat(firstOpenTime(b)).isEqualTo(events.get(30).kline().openTime());
        first.recover(); // b failed: handed out again, from the last acknowledged candle
        List<Delivery> again = pollAll(first, 30, 30);
        assertThat(candles(again)).isEqualTo(candles(b));
        first.ack(again);
      }
      assertThat(bus.backlog()).isEqualTo(events.size() - 60L);
      try (CandleBus.Subscription next = bus.subscribe("next")) {
        List<Delivery> rest = pollAll(next, events.size(), events.size() - 60);
        assertThat(candles(rest)).isEqualTo(candles(events.subList(60, events.size())));
        next.ack(rest);
        next.poll(1, Duration.ofMillis(100)); // commits
      }
      assertThat(bus.backlog()).isZero();
    }
  }

  @Test
  void aRecordThatDoesNotDecodeIsADeliveryOfItsOwnNamingTheProblem() throws Exception {
    Settings.Kafka kafka = TestKafka.fresh(1);
    List<CandleEvent> events = events(2);
    try (KafkaBus bus = new KafkaBus(kafka);
        CandleBus.Subscription sub = bus.subscribe("w");
        KafkaProducer<byte[], byte[]> raw =
            new KafkaProducer<>(KafkaClients.producer(kafka, "raw"))) {
      bus.publish(events.subList(0, 3));
      raw.send(
              new ProducerRecord<>(
                  kafka.candlesTopic(),
                  "x".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                  new byte[] {3, 'a'}))
          .get();
      raw.send(
              new ProducerRecord<>(
                  kafka.candlesTopic(),
                  "x".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                  null))
          .get();
      bus.publish(events.subList(3, events.size()));
      List<Delivery> got = pollAll(sub, 100, events.size() + 2);
      assertThat(got.stream().filter(d -> d.problem() != null).map(Delivery::problem))
          .containsExactly("the value ends inside its candle", "the record has no value");
      assertThat(candles(got)).isEqualTo(candles(events));
    }
  }

  @Test
  void anUnreachableBrokerIsOneLineNamingTheSetting() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Settings.Kafka nowhere =
        new Settings.Kafka(Optional.of("127.0.0.1:" + port), 4, Optional.empty(), "unreachable.");
    assertThatThrownBy(() -> new KafkaBus(nowhere))
        .isInstanceOf(UserException.class)
        .hasMessage(
            "cannot reach Kafka at 127.0.0.1:"
                + port
                + " (KAFKA_BOOTSTRAP_SERVERS): no answer within 15 s");
  }

  @Test
  void aBrokerThatCannotMakeTheTopicSaysWhyAndWhatToSet() {
    Settings.Kafka kafka = TestKafka.fresh(2);
    Settings.Kafka threeReplicas =
        new Settings.Kafka(
            kafka.bootstrapServers(), 2, Optional.of((short) 3), kafka.topicPrefix());
    assertThatThrownBy(() -> new KafkaBus(threeReplicas))
        .isInstanceOf(UserException.class)
        .hasMessageStartingWith("the topic " + kafka.candlesTopic() + " is missing and Kafka at ")
        .hasMessageContaining("replication factor")
        .hasMessageEndingWith(
            "; create it (2 partitions) or set CRYPTO_ANOMALY_KAFKA__PARTITIONS/"
                + "CRYPTO_ANOMALY_KAFKA__REPLICATION")
        .message()
        .doesNotContain("\n");
  }

  /**
   * On a broker that checks ACLs, creating topics denied to this client: the one line says so and
   * what to do, and nothing is created.
   */
  @Test
  void aClientWithoutTheRightToCreateTopicsIsOneLine() throws Exception {
    String servers = TestKafka.aclBootstrap();
    // An ACL on the cluster ends "allowed when no ACL names it" for the cluster: everything stays
    // allowed there (the broker's own heartbeats among it), and creating is denied, as a DENY wins.
    var denied =
        List.of(
            new AclBinding(
                new ResourcePattern(ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL),
                new AccessControlEntry(
                    "User:ANONYMOUS", "*", AclOperation.ALL, AclPermissionType.ALLOW)),
            new AclBinding(
                new ResourcePattern(ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL),
                new AccessControlEntry(
                    "User:ANONYMOUS", "*", AclOperation.CREATE, AclPermissionType.DENY)),
            new AclBinding(
                new ResourcePattern(ResourceType.TOPIC, "*", PatternType.LITERAL),
                new AccessControlEntry(
                    "User:ANONYMOUS", "*", AclOperation.CREATE, AclPermissionType.DENY)));
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
      admin.createAcls(denied).all().get(30, java.util.concurrent.TimeUnit.SECONDS);
      String prefix = "denied-" + java.util.UUID.randomUUID().toString().substring(0, 8) + ".";
      Settings.Kafka kafka = new Settings.Kafka(Optional.of(servers), 2, Optional.empty(), prefix);
      // The ACLs reach the broker's authorizer through the metadata log: soon, not at once.
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThatThrownBy(() -> new KafkaBus(kafka))
                      .isInstanceOf(UserException.class)
                      .hasMessage(
                          "the topic "
                              + kafka.candlesTopic()
                              + " is missing and Kafka at "
                              + servers
                              + " did not create it: this client has no right to create topics;"
                              + " create it (2 partitions) or set"
                              + " CRYPTO_ANOMALY_KAFKA__PARTITIONS/CRYPTO_ANOMALY_KAFKA__REPLICATION"));
      assertThat(admin.listTopics().names().get()).noneMatch(t -> t.startsWith(prefix));
    }
  }

  @Test
  void aMalformedBootstrapSettingIsOneLine() {
    Settings.Kafka bad = new Settings.Kafka(Optional.of("localhost"), 4, Optional.empty(), "bad.");
    assertThatThrownBy(() -> new KafkaBus(bad))
        .isInstanceOf(UserException.class)
        .hasMessage("KAFKA_BOOTSTRAP_SERVERS must be host:port[,host:port...]; got 'localhost'");
  }

  private static int partitions(Settings.Kafka kafka) throws Exception {
    try (Admin admin = Admin.create(KafkaClients.common(kafka, "test"))) {
      return admin
          .describeTopics(List.of(kafka.candlesTopic()))
          .allTopicNames()
          .get(10, TimeUnit.SECONDS)
          .get(kafka.candlesTopic())
          .partitions()
          .size();
    }
  }

  private static List<Delivery> pollAll(CandleBus.Subscription sub, int expected)
      throws InterruptedException {
    return pollAll(sub, expected, expected);
  }

  /** Polls {@code max} at a time until {@code expected} records (candles or problems) came. */
  private static List<Delivery> pollAll(CandleBus.Subscription sub, int max, int expected)
      throws InterruptedException {
    List<Delivery> out = new ArrayList<>();
    int n = 0;
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (n < expected && System.nanoTime() < deadline) {
      for (Delivery d : sub.poll(Math.min(max, expected - n), Duration.ofMillis(200))) {
        out.add(d);
        n += Math.max(1, d.events().size());
      }
    }
    assertThat(n).isEqualTo(expected);
    return out;
  }

  private static long firstOpenTime(List<Delivery> ds) {
    return ds.getFirst().events().getFirst().kline().openTime();
  }

  private static List<String> candles(List<?> deliveriesOrEvents) {
    List<String> out = new ArrayList<>();
    for (Object o : deliveriesOrEvents) {
      List<CandleEvent> es = o instanceof Delivery d ? d.events() : List.of((CandleEvent) o);
      for (CandleEvent e : es) {
        out.add(e.series().symbol() + "@" + e.kline().openTime());
      }
    }
    return out;
  }

  private static List<Long> openTimes(List<CandleEvent> events, String symbol) {
    return events.stream()
        .filter(e -> e.series().symbol().equals(symbol))
        .map(e -> e.kline().openTime())
        .toList();
  }

  /** {@code minutes} candles of each symbol, interleaved in time order. */
  static List<CandleEvent> events(int minutes) {
    List<CandleEvent> out = new ArrayList<>();
    for (int m = 0; m < minutes; m++) {
      for (int s = 0; s < SYMBOLS.size(); s++) {
        long t = T0 + m * 60_000L;
        double p = 100 + s * 10 + m * 0.1;
        out.add(
            new CandleEvent(
                series(SYMBOLS.get(s)),
                new Kline(t, p, p + 1, p - 1, p + 0.5, 10 + m, t + 59_999, 1_000, 7, 4, 400),
                1_000_000L * m + s));
      }
    }
    return out;
  }

  static SeriesKey series(String symbol) {
    return new SeriesKey(Market.SPOT, symbol, Interval.M1);
  }
}
