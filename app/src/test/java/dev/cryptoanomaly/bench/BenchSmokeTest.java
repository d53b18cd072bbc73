package dev.cryptoanomaly.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cryptoanomaly.testkit.TestPostgres;
import dev.cryptoanomaly.testkit.TestRedis;
import dev.cryptoanomaly.testkit.Unavailable;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every {@code ./bench} runner on a small input, so that none rots: each must finish and print one
 * JSON object with its figures. The numbers are not judged here (timed tests judge the machine, not
 * the code); the agreement checks the runners make themselves (pandas, scikit-learn) are.
 */
@Tag("slow")
class BenchSmokeTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void ingest() throws Exception {
    JsonNode r = run(() -> IngestBenchmark.main(new String[] {"500", "1"}));
    assertThat(r.path("benchmark").asText()).isEqualTo("ingest-embedded");
    assertThat(r.path("rows").asLong()).isEqualTo(5 * 31 * 1440L);
  }

  @Test
  void features() throws Exception {
    String python = pythonWith("pandas");
    JsonNode r = run(() -> FeatureBenchmark.main(new String[] {python, "2"}));
    assertThat(r.path("features").asInt()).isEqualTo(15);
    assertThat(r.path("compared_values").asLong()).isPositive();
    assertThat(r.path("values_differing_over_1e-9").asLong()).isZero();
  }

  @Test
  void detectors() throws Exception {
    String python = pythonWith("sklearn");
    JsonNode r = run(() -> DetectorBenchmark.main(new String[] {python, "2"}));
    assertThat(r.path("ours").path("kmeans_fit_best_of_3_seconds").asDouble()).isPositive();
    assertThat(r.path("sklearn").path("kmeans_fit_best_of_3_seconds").asDouble()).isPositive();
    assertThat(r.path("ratios_ours_over_sklearn").has("kmeans_fit_best_of_3_seconds_speedup"))
        .isTrue();
  }

  @Test
  void detection() throws Exception {
    JsonNode r = run(() -> DetectionBenchmark.main(new String[] {"12", "7", "2"}));
    assertThat(r.toString()).contains("gmm");
  }

  @Test
  void realDetection() throws Exception {
    JsonNode r = run(() -> RealDetectionBenchmark.main(new String[] {"2"}));
    assertThat(r.toString()).contains("baseline-robust-z");
  }

  @Test
  void rates() throws Exception {
    JsonNode r = run(() -> AlertRatesBenchmark.main(new String[] {"2"}));
    assertThat(r.path("stretches")).hasSize(AlertRatesBenchmark.STRETCHES.size());
    assertThat(r.path("stretches").get(0).path("models").has("gmm-pooled@1")).isTrue();
  }

  @Test
  void pages() throws Exception {
    JsonNode r = run(() -> PagesBenchmark.main(new String[] {"2", "3", "12", "1", "4"}));
    assertThat(r.path("stores").size()).isEqualTo(2);
    assertThat(r.path("stores").get(1).path("candles").asLong()).isEqualTo(12 * 1440 - 12 * 60L);
    assertThat(
            r.path("stores").get(0).path("one_client_ms").path("/data").path("p95_ms").asDouble())
        .isPositive();
  }

  @Test
  @Tag("postgres")
  void scale() throws Exception {
    TestPostgres.server();
    JsonNode r = run(() -> ScaleBenchmark.main(new String[] {"3", "6", "1", "embedded,postgres"}));
    assertThat(r.path("runs")).hasSize(4);
    JsonNode large = r.path("runs").get(1);
    assertThat(large.path("candles").asLong()).isEqualTo(6 * 1440L);
    assertThat(large.path("stages").path("detect").path("peak_rss_mb").asLong()).isPositive();
    assertThat(large.path("cost_per_candle_vs_small").has("evaluate")).isTrue();
    assertThat(r.path("runs").get(3).path("store").asText()).isEqualTo("postgres");
  }

  @Test
  @Tag("postgres")
  void postgres() throws Exception {
    TestPostgres.server();
    JsonNode r = run(() -> PostgresBenchmark.main(new String[] {"200", "1"}));
    assertThat(r.path("rows").asLong()).isEqualTo(5 * 31 * 1440L);
  }

  /** Every JMH micro-benchmark once, in this JVM, for a few milliseconds each. */
  @Test
  void micro() throws Exception {
    JsonNode r =
        run(
            () ->
                System.out.println(
                    dev.cryptoanomaly.bench.micro.MicroBenchmarks.run(
                        new org.openjdk.jmh.runner.options.OptionsBuilder()
                            .include("dev.cryptoanomaly.bench.micro.*")
                            .forks(0)
                            .warmupIterations(0)
                            .measurementIterations(1)
                            .measurementTime(
                                org.openjdk.jmh.runner.options.TimeValue.milliseconds(20)))));
    assertThat(r.path("ns_per_op").size()).isEqualTo(2 + 2 + 2 + 2 + 5);
    assertThat(r.path("ratios").has("batch_features_vs_streaming[all]")).isTrue();
    assertThat(r.path("ratios").has("scorePerRow[gmm-full]_vs_kmeans")).isTrue();
  }

  @Test
  @Tag("redis")
  @Tag("kafka")
  void stream() throws Exception {
    String redis = TestRedis.url();
    String kafka = dev.cryptoanomaly.testkit.TestKafka.bootstrap();
    JsonNode r =
        run(
            () ->
                StreamBenchmark.main(
                    new String[] {"20", redis.substring(0, redis.lastIndexOf('/')), "1", kafka}));
    assertThat(r.toString()).contains("latency");
    assertThat(r.path("kafka").path("paced_latency_p99_ms").isNumber()).isTrue();
    assertThat(r.path("kafka_flood_vs_redis_flood").asDouble()).isPositive();
  }

  @Test
  @Tag("redis")
  @Tag("kafka")
  void flink() throws Exception {
    String redis = TestRedis.url();
    String kafka = dev.cryptoanomaly.testkit.TestKafka.bootstrap();
    JsonNode r =
        run(
            () ->
                FlinkBenchmark.main(
                    new String[] {"20", kafka, redis.substring(0, redis.lastIndexOf('/'))}));
    assertThat(r.path("flink_parallelism_2").path("paced_latency_p99_ms").isNumber()).isTrue();
    assertThat(r.path("backfill_parallelism_1").path("candles").asLong()).isEqualTo(20L * 300);
    assertThat(r.path("backfill_p2_vs_p1").asDouble()).isPositive();
  }

  private interface Runner {
    void run() throws Exception;
  }

  /**
   * Runs a runner with stdout captured and returns the last JSON object it printed (one line or
   * indented).
   */
  private static JsonNode run(Runner runner) throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
      System.setOut(out);
      runner.run();
    } finally {
      System.setOut(original);
    }
    String text = captured.toString(StandardCharsets.UTF_8);
    int start = text.startsWith("{") ? 0 : text.lastIndexOf("\n{") + 1;
    assertThat(text.substring(start)).as("the runner's output").startsWith("{");
    return JSON.readTree(text.substring(start));
  }

  /**
   * The Python that has the comparison's library: CRYPTO_ANOMALY_TEST_PYTHON ({@code .ci/run}
   * points it at its virtual environment, which MLflow fills with pandas and scikit-learn), else
   * python3.
   */
  private static String pythonWith(String module) throws Exception {
    String python = System.getenv().getOrDefault("CRYPTO_ANOMALY_TEST_PYTHON", "python3");
    Process p = new ProcessBuilder(python, "-c", "import " + module).start();
    boolean ok = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    if (!ok) {
      Unavailable.require(
          "Python with " + module, python + " cannot import " + module + " (.ci/run installs it)");
    }
    return python;
  }
}
