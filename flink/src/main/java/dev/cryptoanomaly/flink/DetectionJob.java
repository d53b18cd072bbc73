package dev.cryptoanomaly.flink;

import dev.cryptoanomaly.config.Settings;
import dev.cryptoanomaly.kafka.KafkaClients;
import dev.cryptoanomaly.kline.SeriesKey;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * The live detection program: candles from the Kafka candles topic, keyed by series and joined with
 * the market reference's (broadcast), decided by {@link LiveDetection}, announcements into the
 * alerts topic exactly once (a transaction per checkpoint, so readers with {@code read_committed}
 * see each once, whatever failed and restarted).
 */
public final class DetectionJob {
  /** Longest a record waits in a network buffer between the job's tasks. */
  static final Duration BUFFER_TIMEOUT = Duration.ofMillis(5);

  /** The Kafka transactions' timeout: below the brokers' default maximum (15 minutes). */
  static final Duration TRANSACTION_TIMEOUT = Duration.ofMinutes(10);

  /** The accumulator counting decided candles, read while the job runs or when it ends. */
  public static final String DECIDED = "decidedCandles";

  /**
   * The accumulator of milliseconds from a candle's publication to its decision stored (a histogram
   * by whole milliseconds), read while the job runs: the latency the benchmarks report.
   */
  public static final String STORED_LATENCY = "publishToStoredMillis";

  private DetectionJob() {}

  /**
   * A local mini cluster in this process: checkpoints every {@code checkpointInterval}, exactly
   * once; a failed task restarts (after a second, without limit) from the last checkpoint.
   */
  public static StreamExecutionEnvironment localEnvironment(
      int parallelism, Duration checkpointInterval) {
    return localEnvironment(parallelism, checkpointInterval, new Configuration());
  }

  /**
   * The same with settings of the caller's (a benchmark shortens the heartbeat, which carries the
   * accumulators it reads while the job runs).
   */
  public static StreamExecutionEnvironment localEnvironment(
      int parallelism, Duration checkpointInterval, Configuration conf) {
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, Integer.MAX_VALUE);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(1));
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
    env.enableCheckpointing(checkpointInterval.toMillis(), CheckpointingMode.EXACTLY_ONCE);
    return env;
  }

  /**
   * The same program in Flink's batch execution mode over stored history: each series' candles of
   * [{@code from}, {@code to}) read from the store, keyed and decided by the same function, every
   * series starting afresh at {@code from} as {@code detect} scores a period; decisions and alert
   * groups stored, nothing announced.
   */
  public static void backfill(
      StreamExecutionEnvironment env, JobSettings job, List<SeriesKey> series, long from, long to) {
    env.setRuntimeMode(RuntimeExecutionMode.BATCH);
    // Each series' candles come from one task in time order, and keyed streams keep the order of
    // each channel: Flink's sort of the keyed input by key (most of a backfill's time, and the
    // part that did not scale) is not needed. Without it, keyed state is the heap's, all series
    // at once: a few kilobytes each.
    Configuration unsorted = new Configuration();
    unsorted.set(ExecutionOptions.SORT_INPUTS, false);
    unsorted.set(ExecutionOptions.USE_BATCH_STATE_BACKEND, false);
    env.configure(unsorted);
    List<Tuple3<String, String, String>> names =
        series.stream()
            .map(s -> Tuple3.of(s.market().cliName(), s.symbol(), s.interval().apiName()))
            .toList();
    JobSettings backfill = job.backfilling(from, to);
    TypeInformation<Tuple3<String, String, String>> nameType =
        Types.TUPLE(Types.STRING, Types.STRING, Types.STRING);
    env.fromData(names, nameType)
        .name("series")
        .rebalance()
        .flatMap(new StoredCandles(backfill, from, to))
        .returns(CandleRecords.TYPE)
        .name("stored candles")
        .keyBy(c -> c.f0, Types.STRING)
        .process(new BackfillDetection(backfill))
        .returns(Types.TUPLE(Types.STRING, Types.STRING))
        .name("detect")
        .sinkTo(new DiscardingSink<>())
        .name("announcements (none in a backfill)");
  }

  /**
   * The registry poll, one task, every {@link JobSettings#refreshMillis()}. Its records carry the
   * wall clock as event time and the stream goes idle between polls, so it never holds back the
   * candles' watermark.
   */
  private static DataStream<Tuple3<String, Long, byte[]>> champion(
      StreamExecutionEnvironment env, JobSettings job) {
    DataGeneratorSource<Tuple3<String, Long, byte[]>> polls =
        new DataGeneratorSource<>(
            new ChampionPolls(job),
            Long.MAX_VALUE,
            RateLimiterStrategy.perSecond(1_000.0 / job.refreshMillis()),
            CandleRecords.TYPE);
    WatermarkStrategy<Tuple3<String, Long, byte[]>> wallClock =
        WatermarkStrategy.<Tuple3<String, Long, byte[]>>forMonotonousTimestamps()
            .withTimestampAssigner((c, ignored) -> System.currentTimeMillis())
            .withIdleness(Duration.ofSeconds(1));
    return env.fromSource(polls, wallClock, "champion polls")
        .uid("champion-polls")
        .setParallelism(1);
  }

  /**
   * Adds the program to {@code env}, which the caller configures (checkpoints) and runs; the topics
   * are created first when missing.
   */
  public static void live(StreamExecutionEnvironment env, JobSettings job) {
    live(env, job, UnaryOperator.identity());
  }

  /**
   * The program with {@code between} applied to the candles before they are keyed: where a test
   * injects a failure.
   */
  public static void live(
      StreamExecutionEnvironment env,
      JobSettings job,
      UnaryOperator<DataStream<Tuple3<String, Long, byte[]>>> between) {
    Settings.Kafka kafka = job.settings().kafka();
    String servers =
        kafka
            .bootstrapServers()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        Settings.KAFKA_BOOTSTRAP_SERVERS + " is needed for the live job"));
    KafkaClients.ensureTopics(kafka, List.of(kafka.candlesTopic(), kafka.alertsTopic()));
    // Records between tasks wait in network buffers until a buffer fills or this long (Flink's
    // default is 100 ms, most of a candle's time from publication to decision when it is live).
    env.setBufferTimeout(BUFFER_TIMEOUT.toMillis());
    KafkaSource<Tuple3<String, Long, byte[]>> candles =
        KafkaSource.<Tuple3<String, Long, byte[]>>builder()
            .setBootstrapServers(servers)
            .setTopics(kafka.candlesTopic())
            .setGroupId(kafka.topicPrefix() + "flink")
            .setStartingOffsets(OffsetsInitializer.earliest())
            .setDeserializer(new CandleRecords())
            .setProperty("isolation.level", "read_committed")
            .build();
    WatermarkStrategy<Tuple3<String, Long, byte[]>> eventTime =
        WatermarkStrategy.<Tuple3<String, Long, byte[]>>forBoundedOutOfOrderness(
                Duration.ofMinutes(1))
            .withTimestampAssigner((c, ignored) -> c.f1)
            .withIdleness(Duration.ofSeconds(30));
    KafkaSink<Tuple2<String, String>> alerts =
        KafkaSink.<Tuple2<String, String>>builder()
            .setBootstrapServers(servers)
            .setRecordSerializer(new AlertRecords(kafka.alertsTopic()))
            .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
            .setTransactionalIdPrefix(kafka.topicPrefix() + "flink-alerts")
            .setProperty("transaction.timeout.ms", Long.toString(TRANSACTION_TIMEOUT.toMillis()))
            .build();
    DataStream<Tuple3<String, Long, byte[]>> all =
        between.apply(env.fromSource(candles, eventTime, "candles").uid("candles"));
    // The market reference's candles go to every task as well, for market-relative models, and
    // so do the champion's versions from one registry poll for the whole job.
    BroadcastStream<Tuple3<String, Long, byte[]>> broadcast =
        all.filter(CandleRecords::isReference)
            .uid("reference-candles")
            .name("reference candles")
            .union(champion(env, job))
            .broadcast(LiveDetection.REFERENCES);
    all.keyBy(c -> c.f0, Types.STRING)
        .connect(broadcast)
        .process(new LiveDetection(job))
        .returns(Types.TUPLE(Types.STRING, Types.STRING))
        .uid("detect")
        .name("detect")
        // Several tasks may find one incident; each announcement key goes to one announcer.
        .keyBy(a -> a.f0, Types.STRING)
        .process(new IncidentAnnouncer(job))
        .returns(Types.TUPLE(Types.STRING, Types.STRING))
        .uid("announce")
        .name("announce incidents once")
        .sinkTo(alerts)
        .uid("alerts")
        .name("alerts");
  }
}
