package dev.cryptoanomaly.model.registry;

/**
 * A folder of artifacts (a run's, or a model version's source), wherever the tracking server says
 * it is: behind the server's own proxy or in an S3-compatible bucket.
 */
interface ArtifactRoot {
  /** Writes a file below the folder; {@code relative} uses '/' separators. */
  void put(String relative, byte[] content);

  /** A file's bytes, or null when there is no such file. */
  byte[] get(String relative);

  /** The same store, a folder below this one. */
  ArtifactRoot resolve(String relative);
}
