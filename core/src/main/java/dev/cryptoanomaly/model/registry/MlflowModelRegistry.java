package dev.cryptoanomaly.model.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.cryptoanomaly.UserException;
import dev.cryptoanomaly.model.ManifestJson;
import dev.cryptoanomaly.model.ModelArtifacts;
import dev.cryptoanomaly.model.ModelManifest;
import dev.cryptoanomaly.model.ModelNames;
import dev.cryptoanomaly.model.ModelRef;
import dev.cryptoanomaly.model.RegistryException;
import dev.cryptoanomaly.model.TrainedModel;
import dev.cryptoanomaly.model.TrainingRecord;
import dev.cryptoanomaly.model.Trial;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The registry and tracking on a real MLflow server ({@code MLFLOW_TRACKING_URI}), over its REST
 * API. Registering a model logs a run in the experiment {@value #EXPERIMENT}: parameters, metrics,
 * one nested run per tuning trial, the model's artifacts under {@code model/} and plots under
 * {@code plots/}; then a version of the registered model whose source is that {@code model/}
 * folder. Aliases are MLflow's (not the deprecated stages); every alias move is also recorded as a
 * {@code promotion.NNNNNN} tag on the registered model, the audit trail. Artifacts go where the
 * server says: through its artifact proxy ({@code mlflow-artifacts:}, the default of {@code mlflow
 * server}) or straight to an S3-compatible bucket ({@code s3://}, e.g. MinIO).
 */
public final class MlflowModelRegistry implements ModelRegistry {
  static final String EXPERIMENT = "crypto-anomaly";
  private static final ObjectMapper AUDIT =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private final MlflowClient client;
  private final URI trackingUri;
  private final dev.cryptoanomaly.config.Settings.S3 s3Settings;
  private software.amazon.awssdk.services.s3.S3Client s3;

  /** A registry whose server proxies artifacts (no S3 settings needed). */
  public MlflowModelRegistry(URI trackingUri) {
    this(trackingUri, dev.cryptoanomaly.config.Settings.S3.none());
  }

  /**
   * @param s3 where and as whom to reach artifacts when the server keeps them in S3 ({@code s3://}
   *     artifact URIs) instead of proxying them
   */
  public MlflowModelRegistry(URI trackingUri, dev.cryptoanomaly.config.Settings.S3 s3) {
    this.client = new MlflowClient(trackingUri);
    this.trackingUri = trackingUri;
    this.s3Settings = s3;
  }

  @Override
  public Optional<URI> link(Version version) {
    String base =
        dev.cryptoanomaly.config.Redaction.withoutUserInfo(trackingUri)
            .toString()
            .replaceAll("/+$", "");
    return Optional.of(
        URI.create(
            base
                + "/#/models/"
                + java.net.URLEncoder.encode(
                    version.name(), java.nio.charset.StandardCharsets.UTF_8)
                + "/versions/"
                + version.version()));
  }

  @Override
  public String describe() {
    return client.where();
  }

  @Override
  public Version register(String name, TrainedModel model, TrainingRecord record) {
    ModelNames.require(name);
    String experiment = experimentId();
    long now = System.currentTimeMillis();
    JsonNode run = createRun(experiment, name + " " + model.manifest().kind().id(), null, now);
    String runId = run.path("info").path("run_id").asText();
    ArtifactRoot artifacts = artifacts(run.path("info").path("artifact_uri").asText());
    Map<String, String> params = new LinkedHashMap<>(record.params());
    params.put("registered_model", name);
    params.put("feature_set", model.spec().key());
    logBatch(runId, params, record.metrics(), now);
    for (Trial t : record.trials()) {
      JsonNode child = createRun(experiment, "trial " + t.number(), runId, now);
      String childId = child.path("info").path("run_id").asText();
      logBatch(childId, t.settings().params(), t.metrics(), now);
      finish(childId);
    }
    ModelArtifacts.write(model).forEach((file, bytes) -> artifacts.put("model/" + file, bytes));
    record.plots().forEach((file, bytes) -> artifacts.put("plots/" + file, bytes));
    artifacts.put(
        dev.cryptoanomaly.model.TrainingHistory.FILE,
        dev.cryptoanomaly.model.TrainingHistory.json(record));
    finish(runId);
    try {
      client.post("registered-models/create", object().put("name", name));
    } catch (MlflowClient.MlflowException e) {
      if (!e.code.equals("RESOURCE_ALREADY_EXISTS")) {
        throw e;
      }
    }
    JsonNode v =
        client.post(
            "model-versions/create",
            object()
                .put("name", name)
                .put("source", run.path("info").path("artifact_uri").asText() + "/model")
                .put("run_id", runId));
    int number = v.path("model_version").path("version").asInt();
    return version(name, number).orElseThrow();
  }

  @Override
  public String logEvaluation(
      Map<String, String> params, Map<String, Map<String, Double>> results) {
    long now = System.currentTimeMillis();
    JsonNode run = createRun(experimentId(), "evaluate", null, now);
    String runId = run.path("info").path("run_id").asText();
    Map<String, Double> metrics = new LinkedHashMap<>();
    results.forEach(
        (model, m) ->
            m.forEach(
                (k, v) -> metrics.put(model.replaceAll("[^A-Za-z0-9_.-]+", "_") + "." + k, v)));
    logBatch(runId, params, metrics, now);
    try {
      Map<String, Object> record = new LinkedHashMap<>(params);
      record.put("results", results);
      artifacts(run.path("info").path("artifact_uri").asText())
          .put(
              "evaluation.json",
              MlflowClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(record));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    finish(runId);
    return "run " + runId + " on the " + describe();
  }

  private String experimentId() {
    try {
      return client
          .get("experiments/get-by-name", Map.of("experiment_name", EXPERIMENT))
          .path("experiment")
          .path("experiment_id")
          .asText();
    } catch (MlflowClient.MlflowException e) {
      if (!e.code.equals("RESOURCE_DOES_NOT_EXIST")) {
        throw e;
      }
    }
    try {
      return client
          .post("experiments/create", object().put("name", EXPERIMENT))
          .path("experiment_id")
          .asText();
    } catch (MlflowClient.MlflowException e) {
      if (!e.code.equals("RESOURCE_ALREADY_EXISTS")) { // created by another process meanwhile
        throw e;
      }
      return experimentId();
    }
  }

  private JsonNode createRun(String experiment, String runName, String parent, long start) {
    ObjectNode body =
        object().put("experiment_id", experiment).put("start_time", start).put("run_name", runName);
    ArrayNode tags = body.putArray("tags");
    tags.addObject().put("key", "mlflow.runName").put("value", runName);
    tags.addObject().put("key", "mlflow.source.name").put("value", "crypto-anomaly");
    if (parent != null) {
      tags.addObject().put("key", "mlflow.parentRunId").put("value", parent);
    }
    return client.post("runs/create", body).path("run");
  }

  private void logBatch(
      String runId, Map<String, String> params, Map<String, Double> metrics, long at) {
    ObjectNode body = object().put("run_id", runId);
    ArrayNode p = body.putArray("params");
    params.forEach(
        (k, v) ->
            p.addObject().put("key", k).put("value", v.length() > 6000 ? v.substring(0, 6000) : v));
    ArrayNode m = body.putArray("metrics");
    metrics.forEach(
        (k, v) -> {
          if (v != null && Double.isFinite(v)) {
            m.addObject().put("key", k).put("value", v).put("timestamp", at).put("step", 0);
          }
        });
    client.post("runs/log-batch", body);
  }

  private void finish(String runId) {
    client.post(
        "runs/update",
        object()
            .put("run_id", runId)
            .put("status", "FINISHED")
            .put("end_time", System.currentTimeMillis()));
  }

  /** The artifact folder a URI of the server names: its proxy, or an S3 bucket. */
  private ArtifactRoot artifacts(String uri) {
    if (uri.startsWith(ProxyArtifacts.SCHEME)) {
      return ProxyArtifacts.of(client, uri);
    }
    if (uri.startsWith(S3Artifacts.SCHEME)) {
      return S3Artifacts.of(s3(), s3Settings, uri);
    }
    throw new UserException(
        "the "
            + describe()
            + " keeps artifacts at "
            + uri
            + ", which this application cannot reach; run the server with --serve-artifacts (its"
            + " default) or with an s3:// artifact root and set "
            + dev.cryptoanomaly.config.Settings.S3_ENDPOINT_URL
            + " and the AWS_* credentials");
  }

  private synchronized software.amazon.awssdk.services.s3.S3Client s3() {
    if (s3 == null) {
      s3 = S3Artifacts.client(s3Settings);
    }
    return s3;
  }

  @Override
  public List<String> names() {
    List<String> out = new ArrayList<>();
    String token = null;
    do {
      Map<String, String> q = new LinkedHashMap<>(Map.of("max_results", "1000"));
      if (token != null) {
        q.put("page_token", token);
      }
      JsonNode r = client.get("registered-models/search", q);
      r.path("registered_models").forEach(m -> out.add(m.path("name").asText()));
      token = r.path("next_page_token").asText(null);
    } while (token != null && !token.isEmpty());
    out.sort(Comparator.naturalOrder());
    return out;
  }

  @Override
  public List<Version> versions(String name) {
    ModelNames.require(name);
    JsonNode r =
        client.get(
            "model-versions/search",
            Map.of("filter", "name='" + name + "'", "max_results", "10000"));
    List<Integer> numbers = new ArrayList<>();
    r.path("model_versions").forEach(v -> numbers.add(v.path("version").asInt()));
    numbers.sort(Comparator.naturalOrder());
    List<Version> out = new ArrayList<>();
    for (int n : numbers) {
      version(name, n).ifPresent(out::add);
    }
    return out;
  }

  @Override
  public Optional<Version> version(String name, int version) {
    JsonNode v;
    try {
      v =
          client
              .get("model-versions/get", Map.of("name", name, "version", String.valueOf(version)))
              .path("model_version");
    } catch (MlflowClient.MlflowException e) {
      if (e.code.equals("RESOURCE_DOES_NOT_EXIST")) {
        return Optional.empty();
      }
      throw e;
    }
    byte[] manifest = artifacts(v.path("source").asText()).get(ModelArtifacts.MANIFEST);
    if (manifest == null) {
      throw new RegistryException(
          ModelRef.of(name, version)
              + " on the "
              + describe()
              + " has no "
              + ModelArtifacts.MANIFEST);
    }
    ModelManifest m =
        ManifestJson.read(manifest, ModelRef.of(name, version) + " on the " + describe());
    List<String> aliases = new ArrayList<>();
    v.path("aliases").forEach(a -> aliases.add(a.asText()));
    aliases.sort(Comparator.naturalOrder());
    return Optional.of(
        new Version(
            name,
            version,
            Instant.ofEpochMilli(v.path("creation_timestamp").asLong()),
            m,
            aliases));
  }

  @Override
  public Optional<Version> byAlias(String name, String alias) {
    try {
      JsonNode v =
          client
              .get("registered-models/alias", Map.of("name", name, "alias", alias))
              .path("model_version");
      return version(name, v.path("version").asInt());
    } catch (MlflowClient.MlflowException e) {
      if (e.code.equals("RESOURCE_DOES_NOT_EXIST") || e.code.equals("INVALID_PARAMETER_VALUE")) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** The run's {@code training.json}, beside the {@code model/} folder the version's source is. */
  @Override
  public Optional<dev.cryptoanomaly.model.TrainingHistory> training(Version version) {
    JsonNode v =
        client
            .get(
                "model-versions/get",
                Map.of("name", version.name(), "version", String.valueOf(version.version())))
            .path("model_version");
    String source = v.path("source").asText();
    String run = source.endsWith("/model") ? source.substring(0, source.length() - 6) : source;
    byte[] bytes = artifacts(run).get(dev.cryptoanomaly.model.TrainingHistory.FILE);
    if (bytes == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          dev.cryptoanomaly.model.TrainingHistory.read(bytes, version.ref() + " on " + describe()));
    } catch (IllegalArgumentException e) {
      throw new RegistryException(e.getMessage(), e);
    }
  }

  @Override
  public TrainedModel load(String name, int version) {
    JsonNode v =
        client
            .get("model-versions/get", Map.of("name", name, "version", String.valueOf(version)))
            .path("model_version");
    ArtifactRoot source = artifacts(v.path("source").asText());
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (String f : ModelArtifacts.ALL_FILES) {
      byte[] bytes = source.get(f);
      if (bytes != null) {
        files.put(f, bytes);
      }
    }
    return ModelArtifacts.read(files, ModelRef.of(name, version) + " (" + describe() + ")");
  }

  @Override
  public void setAlias(Promotion p) {
    ModelNames.require(p.alias());
    if (version(p.name(), p.version()).isEmpty()) {
      throw new UserException("model '" + p.name() + "' has no version " + p.version());
    }
    int next = promotions(p.name()).size();
    client.post(
        "registered-models/alias",
        object()
            .put("name", p.name())
            .put("alias", p.alias())
            .put("version", String.valueOf(p.version())));
    try {
      client.post(
          "registered-models/set-tag",
          object()
              .put("name", p.name())
              .put("key", String.format("promotion.%06d", next))
              .put("value", AUDIT.writeValueAsString(p)));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public List<Promotion> promotions(String name) {
    JsonNode model;
    try {
      model = client.get("registered-models/get", Map.of("name", name)).path("registered_model");
    } catch (MlflowClient.MlflowException e) {
      if (e.code.equals("RESOURCE_DOES_NOT_EXIST")) {
        return List.of();
      }
      throw e;
    }
    Map<String, String> tags = new java.util.TreeMap<>();
    model
        .path("tags")
        .forEach(
            t -> {
              if (t.path("key").asText().startsWith("promotion.")) {
                tags.put(t.path("key").asText(), t.path("value").asText());
              }
            });
    List<Promotion> out = new ArrayList<>();
    for (String json : tags.values()) {
      try {
        out.add(AUDIT.readValue(json, Promotion.class));
      } catch (IOException e) {
        throw new RegistryException(
            "a promotion tag of '" + name + "' on the " + describe() + " is not readable");
      }
    }
    return out;
  }

  private static ObjectNode object() {
    return MlflowClient.JSON.createObjectNode();
  }
}
