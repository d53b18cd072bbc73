package dev.cryptoanomaly.model.registry;

/** Artifacts behind the tracking server's proxy ({@code mlflow-artifacts:/...}). */
record ProxyArtifacts(MlflowClient client, String path) implements ArtifactRoot {
  static final String SCHEME = "mlflow-artifacts:";

  static ProxyArtifacts of(MlflowClient client, String uri) {
    return new ProxyArtifacts(client, uri.substring(SCHEME.length()).replaceAll("^/+", ""));
  }

  @Override
  public void put(String relative, byte[] content) {
    client.putArtifact(path + "/" + relative, content);
  }

  @Override
  public byte[] get(String relative) {
    return client.getArtifact(path + "/" + relative);
  }

  @Override
  public ArtifactRoot resolve(String relative) {
    return new ProxyArtifacts(client, path + "/" + relative);
  }
}
