package dev.cryptoanomaly.model.registry;

import dev.cryptoanomaly.testkit.ModelRegistryContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class LocalModelRegistryTest extends ModelRegistryContract {
  @TempDir Path home;

  @Override
  protected ModelRegistry registry() {
    return new LocalModelRegistry(home);
  }

  @Override
  protected String uniqueName(String base) {
    return base;
  }
}
