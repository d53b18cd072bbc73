package dev.cryptoanomaly.model.registry;

import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Market;
import dev.cryptoanomaly.model.ModelKind;
import dev.cryptoanomaly.model.ModelManifest;
import dev.cryptoanomaly.model.ModelRef;
import dev.cryptoanomaly.model.TrialSettings;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A registered version as scripts read it ({@code models list --json}): what it is, what it was
 * trained on and how it did. Undefined metrics are null, times ISO-8601 to the second.
 */
public record VersionSummary(
    String name,
    int version,
    String ref,
    List<String> aliases,
    ModelKind kind,
    Market market,
    Interval interval,
    List<String> symbols,
    List<String> features,
    Instant from,
    Instant to,
    Instant created,
    TrialSettings settings,
    Map<String, Double> metrics) {

  public static VersionSummary of(ModelRegistry.Version v) {
    ModelManifest m = v.manifest();
    Map<String, Double> metrics = new LinkedHashMap<>();
    m.metrics().forEach((k, x) -> metrics.put(k, x == null || !Double.isFinite(x) ? null : x));
    return new VersionSummary(
        v.name(),
        v.version(),
        ModelRef.of(v.name(), v.version()).toString(),
        v.aliases(),
        m.kind(),
        m.recipe().market(),
        m.recipe().interval(),
        m.symbols(),
        m.recipe().features(),
        m.recipe().from(),
        m.recipe().to(),
        v.created().truncatedTo(ChronoUnit.SECONDS),
        m.settings(),
        java.util.Collections.unmodifiableMap(metrics));
  }
}
