package dev.cryptoanomaly.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.cryptoanomaly.config.Settings;
import dev.cryptoanomaly.store.postgres.PostgresUrl;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No Docker engine runs here, so the deployment is checked as files: the compose file parses, has
 * every service the application needs, wires them as the application reads its settings, and takes
 * every credential from {@code .env}.
 */
class ComposeFileTest {
  /** The checkout's root (the build passes it; tests run in the app module's directory). */
  static final Path ROOT = Path.of(System.getProperty("project.root", ".."));

  static final Path INFRA = ROOT.resolve("infrastructure");
  static final Pattern VARIABLE = Pattern.compile("(?<!\\$)\\$\\{([A-Z0-9_]+)(?::?-[^}]*)?}");
  static final Pattern CREDENTIAL = Pattern.compile(".*(PASSWORD|SECRET|TOKEN|ACCESS_KEY).*");

  static JsonNode compose;
  static String composeText;
  static Map<String, String> example;

  @BeforeAll
  static void read() throws IOException {
    composeText = Files.readString(INFRA.resolve("docker-compose.yml"), StandardCharsets.UTF_8);
    compose = new ObjectMapper(new YAMLFactory()).readTree(composeText);
    example = new LinkedHashMap<>();
    for (String line : Files.readAllLines(INFRA.resolve(".env.example"), StandardCharsets.UTF_8)) {
      if (!line.isBlank() && !line.startsWith("#")) {
        int eq = line.indexOf('=');
        example.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
      }
    }
  }

  private static JsonNode service(String name) {
    JsonNode s = compose.path("services").path(name);
    assertThat(s.isMissingNode()).as("service " + name).isFalse();
    return s;
  }

  private static Map<String, String> environment(String name) {
    Map<String, String> env = new LinkedHashMap<>();
    service(name)
        .path("environment")
        .properties()
        .forEach(e -> env.put(e.getKey(), e.getValue().asText()));
    return env;
  }

  /** The value after compose substitutes {@code .env.example}'s values. */
  private static String substituted(String value) {
    Matcher m = VARIABLE.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(example.getOrDefault(m.group(1), "")));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static List<String> appServices() {
    List<String> names = new ArrayList<>();
    compose
        .path("services")
        .properties()
        .forEach(
            e -> {
              if (e.getValue().path("image").asText().startsWith("crypto-anomaly:")) {
                names.add(e.getKey());
              }
            });
    return names;
  }

  @Test
  void everyServiceTheApplicationNeedsIsThere() {
    assertThat(compose.path("services").properties().stream().map(Map.Entry::getKey).toList())
        .contains("postgres", "redis", "minio", "minio-init", "mlflow", "app", "worker");
    assertThat(service("postgres").path("image").asText()).startsWith("timescale/timescaledb:");
    assertThat(service("redis").path("image").asText()).startsWith("redis:");
    assertThat(service("minio").path("image").asText()).startsWith("minio/minio:");
    assertThat(appServices()).containsExactly("app", "worker");
    assertThat(service("app").path("build").path("dockerfile").asText()).isEqualTo("Dockerfile");
    assertThat(
            INFRA
                .resolve(service("app").path("build").path("context").asText())
                .resolve("Dockerfile"))
        .isRegularFile();
    assertThat(service("app").path("command").toString()).contains("serve").contains("0.0.0.0");
    assertThat(service("worker").path("command").toString()).contains("worker");
    assertThat(INFRA.resolve(service("mlflow").path("build").asText()).resolve("Dockerfile"))
        .isRegularFile();
  }

  @Test
  void theBucketIsCreatedPrivateAndMlflowKeepsArtifactsThereWithoutAProxy() {
    String init = service("minio-init").path("entrypoint").toString();
    assertThat(init).contains("mc mb --ignore-existing").contains("mc anonymous set none");
    assertThat(service("minio-init").path("depends_on").path("minio").path("condition").asText())
        .isEqualTo("service_healthy");
    String mlflow = service("mlflow").path("command").toString();
    assertThat(mlflow)
        .contains("--backend-store-uri=postgresql://")
        .contains("--default-artifact-root=s3://${MLFLOW_BUCKET}/")
        .contains("--no-serve-artifacts");
    assertThat(service("mlflow").path("depends_on").path("minio-init").path("condition").asText())
        .isEqualTo("service_completed_successfully");
    assertThat(Files.exists(INFRA.resolve("postgres/init-mlflow.sql"))).isTrue();
  }

  @Test
  void everyLongRunningServiceHasAHealthCheckAndDataLivesInNamedVolumes() {
    Set<String> declared = new LinkedHashSet<>();
    compose.path("volumes").properties().forEach(e -> declared.add(e.getKey()));
    compose
        .path("services")
        .properties()
        .forEach(
            e -> {
              if (!e.getKey().equals("minio-init")) {
                assertThat(e.getValue().path("healthcheck").path("test").isMissingNode())
                    .as(e.getKey() + " health check")
                    .isFalse();
              }
              for (JsonNode v : e.getValue().path("volumes")) {
                String source = v.asText().split(":")[0];
                if (!source.startsWith(".")) {
                  assertThat(declared).as(e.getKey() + " volume " + source).contains(source);
                }
              }
            });
    assertThat(declared).contains("postgres-data", "redis-data", "minio-data", "app-data");
  }

  @Test
  void everyVariableTheApplicationServicesSetIsOneTheApplicationReads() {
    for (String name : appServices()) {
      assertThat(Settings.NAMES).as(name).containsAll(environment(name).keySet());
    }
    assertThat(environment("app"))
        .containsKeys(
            Settings.DATABASE_URL,
            Settings.REDIS_URL,
            Settings.MLFLOW_TRACKING_URI,
            Settings.S3_ENDPOINT_URL,
            Settings.S3_ACCESS_KEY,
            Settings.S3_SECRET_KEY,
            Settings.WEB_TOKEN);
  }

  @Test
  void theApplicationReadsWhatComposeGivesIt() {
    Map<String, String> env = new LinkedHashMap<>();
    environment("app").forEach((k, v) -> env.put(k, substituted(v)));
    Settings settings = Settings.fromMap(env, Path.of("/"));
    PostgresUrl db = PostgresUrl.parse(settings.databaseUrl().orElseThrow());
    assertThat(db.host()).isEqualTo("postgres");
    assertThat(db.database()).isEqualTo(example.get("POSTGRES_DB"));
    assertThat(db.password()).isEqualTo(example.get("POSTGRES_PASSWORD"));
    URI redis = URI.create(settings.redisUrl().orElseThrow());
    assertThat(redis.getHost()).isEqualTo("redis");
    assertThat(redis.getUserInfo()).isEqualTo(":" + example.get("REDIS_PASSWORD"));
    assertThat(settings.mlflowTrackingUri()).contains("http://mlflow:5000");
    assertThat(settings.s3().endpoint()).contains(URI.create("http://minio:9000"));
    assertThat(settings.s3().accessKey()).contains(example.get("MINIO_ROOT_USER"));
    assertThat(settings.webToken().orElseThrow()).hasSizeGreaterThanOrEqualTo(16);
    assertThat(settings.webhookUrl()).isEmpty();
    assertThat(settings.home()).isEqualTo(Path.of("/data"));
  }

  @Test
  void credentialsComeOnlyFromDotEnvAndEveryVariableIsDocumented() throws IOException {
    Set<String> used = new LinkedHashSet<>();
    Matcher m = VARIABLE.matcher(composeText);
    while (m.find()) {
      used.add(m.group(1));
    }
    assertThat(example.keySet()).as("documented in .env.example").containsAll(used);
    assertThat(used).as("every documented variable is used").containsAll(example.keySet());
    compose
        .path("services")
        .properties()
        .forEach(
            s ->
                s.getValue()
                    .path("environment")
                    .properties()
                    .forEach(
                        e -> {
                          if (CREDENTIAL.matcher(e.getKey()).matches()) {
                            assertThat(e.getValue().asText())
                                .as(s.getKey() + " " + e.getKey())
                                .matches("\\$\\{[A-Z0-9_]+}");
                          }
                        }));
    assertThat(service("mlflow").path("command").toString())
        .contains("postgresql://${POSTGRES_USER}:${POSTGRES_PASSWORD}@");
    assertThat(Files.readAllLines(ROOT.resolve(".gitignore"), StandardCharsets.UTF_8))
        .contains(".env");
  }

  @Test
  void theFlinkProfileRunsKafkaAndTheJobOnAJava21FlinkImage() throws IOException {
    for (String name : List.of("kafka", "flink-jobmanager", "flink-taskmanager")) {
      assertThat(service(name).path("profiles").toString()).as(name).contains("flink");
    }
    assertThat(service("kafka").path("image").asText()).startsWith("apache/kafka:4.");
    assertThat(service("kafka").path("environment").path("KAFKA_PROCESS_ROLES").asText())
        .isEqualTo("broker,controller");
    assertThat(service("flink-jobmanager").path("command").toString())
        .contains("standalone-job")
        .contains("dev.cryptoanomaly.flink.DetectionJobMain");
    Map<String, String> jobEnv = new LinkedHashMap<>(environment("flink-jobmanager"));
    assertThat(jobEnv.remove("FLINK_PROPERTIES")).contains("execution.checkpointing.dir");
    assertThat(Settings.NAMES).containsAll(jobEnv.keySet());
    assertThat(jobEnv).containsEntry(Settings.KAFKA_BOOTSTRAP_SERVERS, "kafka:9092");
    String dockerfile = Files.readString(INFRA.resolve("flink/Dockerfile"), StandardCharsets.UTF_8);
    assertThat(dockerfile)
        .contains("./mvnw -B -q -pl flink -am package")
        .contains("FROM flink:2.2.0-java21")
        .contains("/opt/flink/usrlib/crypto-anomaly-flink-job.jar");
    assertThat(environment("app")).containsKey(Settings.KAFKA_BOOTSTRAP_SERVERS);
  }

  @Test
  void theAppsCommandParsesWithTheExampleValuesAndWithTheFlinkProfilesValue() {
    List<String> args = new ArrayList<>();
    service("app").path("command").forEach(a -> args.add(substituted(a.asText())));
    for (String noWorker : List.of("false", "true")) {
      List<String> withValue =
          args.stream()
              .map(a -> a.replace("--no-worker=false", "--no-worker=" + noWorker))
              .toList();
      var parsed =
          new picocli.CommandLine(
                  new dev.cryptoanomaly.cli.Main(
                      () -> Settings.fromMap(Map.of(), Path.of("/")), java.time.Clock.systemUTC()))
              .parseArgs(withValue.toArray(String[]::new));
      var serve = parsed.subcommand();
      assertThat(serve.commandSpec().name()).isEqualTo("serve");
      Boolean value = serve.matchedOptionValue("--no-worker", null);
      assertThat(value).isEqualTo(noWorker.equals("true"));
    }
  }

  @Test
  void theImageIsBuiltFromTheSourcesAndRunsTheJar() throws IOException {
    String dockerfile = Files.readString(ROOT.resolve("Dockerfile"), StandardCharsets.UTF_8);
    assertThat(dockerfile)
        .contains("COPY mvnw pom.xml ./")
        .contains("COPY core/ core/")
        .contains("COPY app/src/ app/src/")
        .contains("./mvnw -B -q package")
        .contains("/build/app/target/crypto-anomaly.jar /app/crypto-anomaly.jar")
        .contains("ENTRYPOINT [\"java\"")
        .contains("CMD [\"serve\"");
    assertThat(dockerfile.lines().filter(l -> l.startsWith("FROM ")).toList())
        .allMatch(l -> l.contains("eclipse-temurin:25"));
  }
}
