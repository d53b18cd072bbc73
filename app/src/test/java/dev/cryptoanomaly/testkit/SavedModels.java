package dev.cryptoanomaly.testkit;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * The saved model versions checked in under {@code src/test/resources/models/FORMAT/}: a name
 * {@code fixture} with version 1 (champion), every artifact as the local registry wrote it.
 */
public final class SavedModels {
  public static final String NAME = "fixture";

  private SavedModels() {}

  /** The folder holding a format's registry ({@code format-1}, {@code format-2}). */
  public static Path folder(String format) {
    try {
      return Path.of(SavedModels.class.getResource("/models/" + format).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Copies a format's registry into {@code home/models}, as a local registry would hold it. */
  public static void copyInto(Path home, String format) throws IOException {
    TrainedHomes.copy(folder(format), home.resolve("models"));
  }
}
