package dev.cryptoanomaly.train;

import dev.cryptoanomaly.model.ModelRef;
import dev.cryptoanomaly.model.registry.ModelRegistry;
import java.time.Instant;
import java.util.Map;

/**
 * Registers a trained model; the first version of a name becomes its champion, later ones wait for
 * a gated promotion. One place, so that the CLI, the dashboard and the scheduler agree.
 */
public final class Registration {
  private Registration() {}

  /** The registered version, and whether it became the champion because it was the first. */
  public record Registered(ModelRegistry.Version version, boolean crowned) {}

  public static Registered register(
      ModelRegistry registry, String name, Trainer.Result result, Instant now) {
    ModelRegistry.Version v = registry.register(name, result.model(), result.record());
    if (registry.byAlias(name, ModelRef.CHAMPION).isPresent()) {
      return new Registered(v, false);
    }
    registry.setAlias(
        new ModelRegistry.Promotion(
            name,
            ModelRef.CHAMPION,
            v.version(),
            null,
            now,
            false,
            Map.of("reason", "first version of " + name)));
    return new Registered(v, true);
  }
}
