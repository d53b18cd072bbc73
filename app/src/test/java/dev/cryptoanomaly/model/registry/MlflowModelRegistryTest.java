package dev.cryptoanomaly.model.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cryptoanomaly.testkit.ModelRegistryContract;
import dev.cryptoanomaly.testkit.TestMlflow;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The registry contract on a real MLflow server, plus what tracking must leave there. */
@Tag("mlflow")
class MlflowModelRegistryTest extends ModelRegistryContract {
  private URI server;
  private MlflowModelRegistry registry;

  @BeforeEach
  void connect() {
    server = TestMlflow.server();
    registry = new MlflowModelRegistry(server);
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
  void aRegistrationLeavesARunWithNestedTrialsArtifactsAndParameters() {
    String name = uniqueName("tracked");
    ModelRegistry.Version v = registry.register(name, smallModel(5), record());
    MlflowClient client = new MlflowClient(server);
    JsonNode version =
        client
            .get("model-versions/get", Map.of("name", name, "version", String.valueOf(v.version())))
            .path("model_version");
    String runId = version.path("run_id").asText();
    JsonNode run = client.get("runs/get", Map.of("run_id", runId)).path("run");
    assertThat(run.path("info").path("status").asText()).isEqualTo("FINISHED");
    assertThat(run.path("data").path("params").toString())
        .contains("\"registered_model\"")
        .contains("feature_set");
    assertThat(run.path("data").path("metrics").toString()).contains("injected_recall");
    String experiment = run.path("info").path("experiment_id").asText();
    var search = MlflowClient.JSON.createObjectNode();
    search.putArray("experiment_ids").add(experiment);
    search.put("filter", "tags.mlflow.parentRunId = '" + runId + "'");
    JsonNode children = client.post("runs/search", search).path("runs");
    assertThat(children).hasSize(2);
    String artifacts =
        run.path("info").path("artifact_uri").asText().replaceFirst("^mlflow-artifacts:/+", "");
    for (String file : List.of("model/model.json", "model/manifest.json", "plots/tuning.png")) {
      assertThat(client.getArtifact(artifacts + "/" + file)).as(file).isNotNull();
    }
  }

  @Test
  void anUnreachableServerIsOneLine() {
    MlflowModelRegistry nowhere = new MlflowModelRegistry(URI.create("http://127.0.0.1:1"));
    org.assertj.core.api.Assertions.assertThatThrownBy(nowhere::names)
        .isInstanceOf(dev.cryptoanomaly.model.RegistryException.class)
        .hasMessageContaining("cannot reach the MLflow server http://127.0.0.1:1")
        .satisfies(e -> assertThat(e.getMessage().lines()).hasSize(1));
  }
}
