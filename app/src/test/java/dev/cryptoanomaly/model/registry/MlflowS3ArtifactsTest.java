package dev.cryptoanomaly.model.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cryptoanomaly.UserException;
import dev.cryptoanomaly.config.Settings;
import dev.cryptoanomaly.testkit.ModelRegistryContract;
import dev.cryptoanomaly.testkit.TestMlflow;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The registry contract on an MLflow server that keeps artifacts in an S3-compatible bucket (moto's
 * server mode, as MinIO in the docker-compose deployment): the server only hands out {@code s3://}
 * locations, and the application writes and reads the model files through the S3 API itself.
 */
@Tag("mlflow")
class MlflowS3ArtifactsTest extends ModelRegistryContract {
  static final String BUCKET = "mlflow-artifacts";

  private URI server;
  private Settings.S3 s3;
  private MlflowModelRegistry registry;

  @BeforeEach
  void connect() {
    server = TestMlflow.s3Server();
    URI endpoint = TestMlflow.s3Endpoint();
    s3 =
        new Settings.S3(
            Optional.of(endpoint), Optional.of("test"), Optional.of("test"), "us-east-1");
    try {
      S3Artifacts.client(s3).createBucket(b -> b.bucket(BUCKET));
    } catch (BucketAlreadyOwnedByYouException e) {
      // created by an earlier test
    }
    registry = new MlflowModelRegistry(server, s3);
  }

  @Override
  protected ModelRegistry registry() {
    return registry;
  }

  @Override
  protected String uniqueName(String base) {
    return base + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void theModelFilesAreObjectsInTheBucketAndComeBackIdentical() {
    String name = uniqueName("s3");
    ModelRegistry.Version v = registry.register(name, smallModel(5), record());
    String source =
        new MlflowClient(server)
            .get("model-versions/get", Map.of("name", name, "version", String.valueOf(v.version())))
            .path("model_version")
            .path("source")
            .asText();
    assertThat(source).startsWith("s3://" + BUCKET + "/").endsWith("/model");
    String prefix = source.substring(("s3://" + BUCKET + "/").length());
    S3Client client = S3Artifacts.client(s3);
    List<String> keys =
        client.listObjectsV2(b -> b.bucket(BUCKET).prefix(prefix + "/")).contents().stream()
            .map(S3Object::key)
            .toList();
    assertThat(keys).contains(prefix + "/model.json", prefix + "/manifest.json");
    byte[] stored =
        client.getObjectAsBytes(b -> b.bucket(BUCKET).key(prefix + "/manifest.json")).asByteArray();
    assertThat(new String(stored, java.nio.charset.StandardCharsets.UTF_8)).contains("\"kind\"");
    assertThat(registry.version(name, v.version()).orElseThrow().manifest().kind()).isNotNull();
  }

  @Test
  void anUnreachableBucketIsOneLineNamingTheObjectAndTheEndpoint() {
    Settings.S3 dead =
        new Settings.S3(
            Optional.of(URI.create("http://127.0.0.1:9")),
            Optional.of("test"),
            Optional.of("test"),
            "us-east-1");
    MlflowModelRegistry broken = new MlflowModelRegistry(server, dead);
    assertThatThrownBy(() -> broken.register(uniqueName("dead"), smallModel(3), record()))
        .isInstanceOf(UserException.class)
        .hasMessageStartingWith("upload of s3://" + BUCKET + "/")
        .hasMessageContaining(" on http://127.0.0.1:9 failed: ")
        .hasMessageNotContaining("\n");
  }
}
