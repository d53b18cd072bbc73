package dev.cryptoanomaly.model.registry;

import dev.cryptoanomaly.alert.IncidentBuilder;
import dev.cryptoanomaly.alert.IncidentRule;
import dev.cryptoanomaly.alert.IncidentSource;
import dev.cryptoanomaly.model.ModelManifest;
import java.util.ArrayList;
import java.util.List;

/**
 * What incidents of a registered version are built over: its source (the version, or its per-symbol
 * family), the symbols that source watches and its cooldown. {@code detect} and the stream worker
 * both derive it here from the registry, so they scope incidents alike.
 */
public record IncidentWatch(IncidentSource source, List<String> watched, long cooldownMillis) {
  public IncidentWatch {
    watched = List.copyOf(watched);
  }

  public static IncidentWatch of(ModelRegistry registry, String name, int version) {
    ModelRegistry.Version v =
        registry
            .version(name, version)
            .orElseThrow(() -> new IllegalStateException(name + "@" + version + " is gone"));
    ModelManifest m = v.manifest();
    IncidentSource source =
        IncidentSource.of(m.recipe().market(), m.recipe().interval(), name, version, m.symbols());
    List<String> watched = m.symbols();
    if (source.family()) {
      watched = new ArrayList<>();
      String prefix = source.model() + ".";
      for (String n : registry.names()) {
        if (n.startsWith(prefix)) {
          watched.add(n.substring(prefix.length()));
        }
      }
    }
    return new IncidentWatch(source, watched, m.recipe().cooldownSeconds() * 1000);
  }

  public IncidentBuilder builder(IncidentRule rule) {
    return new IncidentBuilder(source, cooldownMillis, rule, watched);
  }
}
