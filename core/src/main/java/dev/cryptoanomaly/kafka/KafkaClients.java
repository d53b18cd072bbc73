package dev.cryptoanomaly.kafka;

import dev.cryptoanomaly.Messages;
import dev.cryptoanomaly.UserException;
import dev.cryptoanomaly.config.Settings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * What every Kafka client of the application shares: the bootstrap servers checked up front, the
 * brokers reached once with a short timeout (so an unreachable cluster is one line, not a client
 * retrying for minutes), and the topics created when missing.
 */
public final class KafkaClients {
  /** How long opening waits for the cluster to answer before saying it cannot reach it. */
  static final long REACH_SECONDS = 15;

  private static final Pattern SERVERS =
      Pattern.compile("[A-Za-z0-9._\\-\\[\\]:]+:\\d{1,5}(,[A-Za-z0-9._\\-\\[\\]:]+:\\d{1,5})*");

  private KafkaClients() {}

  /** The bootstrap servers, or a one-line error naming the setting. */
  public static String servers(Settings.Kafka kafka) {
    String servers =
        kafka
            .bootstrapServers()
            .orElseThrow(
                () -> new IllegalStateException(Settings.KAFKA_BOOTSTRAP_SERVERS + " is not set"));
    if (!SERVERS.matcher(servers).matches()) {
      throw new UserException(
          Settings.KAFKA_BOOTSTRAP_SERVERS
              + " must be host:port[,host:port...]; got '"
              + Messages.oneLine(servers)
              + "'");
    }
    return servers;
  }

  /** The settings every client starts from. */
  public static Map<String, Object> common(Settings.Kafka kafka, String clientId) {
    Map<String, Object> c = new HashMap<>();
    c.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, servers(kafka));
    c.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
    return c;
  }

  /**
   * An idempotent producer that waits for every in-sync replica: a retried send is written once,
   * and in order per partition.
   */
  public static Map<String, Object> producer(Settings.Kafka kafka, String clientId) {
    Map<String, Object> c = common(kafka, clientId);
    c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    c.put(ProducerConfig.ACKS_CONFIG, "all");
    c.put(ProducerConfig.LINGER_MS_CONFIG, 2);
    c.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    c.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    c.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, REACH_SECONDS * 1_000);
    c.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    c.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return c;
  }

  /**
   * Checks the cluster answers and creates the topics that are missing, with the configured
   * partitions and replication.
   *
   * @throws UserException one line: the cluster cannot be reached, or a missing topic could not be
   *     created (no rights, too few brokers for the replication asked)
   */
  public static void ensureTopics(Settings.Kafka kafka, List<String> topics) {
    Map<String, Object> c = common(kafka, "crypto-anomaly-admin");
    c.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) REACH_SECONDS * 1_000);
    c.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) REACH_SECONDS * 1_000);
    try (Admin admin = Admin.create(c)) {
      Set<String> existing;
      try {
        existing = admin.listTopics().names().get(REACH_SECONDS, TimeUnit.SECONDS);
      } catch (TimeoutException | ExecutionException e) {
        throw unreachable(kafka, e);
      }
      List<NewTopic> missing = new ArrayList<>();
      for (String t : topics) {
        if (!existing.contains(t)) {
          missing.add(
              new NewTopic(t, java.util.Optional.of(kafka.partitions()), kafka.replication()));
        }
      }
      if (missing.isEmpty()) {
        return;
      }
      for (var created : admin.createTopics(missing).values().entrySet()) {
        try {
          created.getValue().get(REACH_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          if (e.getCause() instanceof TopicExistsException) {
            continue; // another process made it meanwhile
          }
          throw cannotCreate(kafka, created.getKey(), e.getCause());
        } catch (TimeoutException e) {
          throw cannotCreate(kafka, created.getKey(), e);
        }
      }
      awaitLeaders(admin, missing.stream().map(NewTopic::name).toList());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserException("interrupted while reaching Kafka at " + servers(kafka), e);
    }
  }

  /**
   * Waits until the brokers' metadata gives every partition of new topics a leader: creation
   * returns when the controller has recorded the topics, and a producer writing before the brokers
   * have them got its first batches refused and re-sent out of sequence (seen on a fresh broker).
   */
  private static void awaitLeaders(Admin admin, List<String> topics) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(REACH_SECONDS);
    while (System.nanoTime() < deadline) {
      try {
        var described = admin.describeTopics(topics).allTopicNames().get(5, TimeUnit.SECONDS);
        if (described.values().stream()
            .flatMap(t -> t.partitions().stream())
            .allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
          return;
        }
      } catch (ExecutionException | TimeoutException e) {
        // not known to the brokers yet: asked again below
      }
      Thread.sleep(100);
    }
  }

  private static UserException unreachable(Settings.Kafka kafka, Exception e) {
    Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
    String why =
        cause instanceof TimeoutException
                || cause instanceof org.apache.kafka.common.errors.TimeoutException
            ? "no answer within " + REACH_SECONDS + " s"
            : Messages.rootMessage(cause);
    return new UserException(
        "cannot reach Kafka at "
            + servers(kafka)
            + " ("
            + Settings.KAFKA_BOOTSTRAP_SERVERS
            + "): "
            + why,
        cause);
  }

  private static UserException cannotCreate(Settings.Kafka kafka, String topic, Throwable cause) {
    String why =
        cause instanceof AuthorizationException
            ? "this client has no right to create topics"
            : Messages.rootMessage(cause);
    return new UserException(
        "the topic "
            + topic
            + " is missing and Kafka at "
            + servers(kafka)
            + " did not create it: "
            + why
            + "; create it ("
            + kafka.partitions()
            + " partitions) or set "
            + Settings.KAFKA_PARTITIONS
            + "/"
            + Settings.KAFKA_REPLICATION,
        cause);
  }
}
