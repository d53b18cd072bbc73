package dev.cryptoanomaly.online;

import dev.cryptoanomaly.UserException;
import dev.cryptoanomaly.features.Feature;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.model.ModelRef;
import dev.cryptoanomaly.model.TrainedModel;
import dev.cryptoanomaly.model.registry.ModelChoice;
import dev.cryptoanomaly.model.registry.ModelRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which model version scores a series, re-read from the registry every {@code refresh}: moving the
 * {@code champion} alias switches the workers to the new version without a restart. Loaded models
 * are kept per version.
 */
public final class ChampionWatcher {
  private static final Logger LOG = LoggerFactory.getLogger(ChampionWatcher.class);

  private final ModelRegistry registry;
  private final ModelRef ref;
  private final Duration refresh;
  private final Clock clock;
  private final Map<String, Optional<LoadedModel>> bySymbol = new HashMap<>();
  private final Map<String, LoadedModel> loaded = new HashMap<>();
  private final Map<String, String> problems = new HashMap<>();
  private long nextRefresh;
  private long generation;
  private Optional<ModelRegistry.Version> pooled;
  private final boolean marketRelative;
  private ChampionVersions announced;

  /** For the stream workers, which do not join a series with the market reference. */
  public ChampionWatcher(ModelRegistry registry, ModelRef ref, Duration refresh, Clock clock) {
    this(registry, ref, refresh, clock, false);
  }

  /**
   * @param marketRelative whether the caller gives each candle the market reference's return, so
   *     models with market-relative features can score (the Flink job); else they are refused
   */
  public ChampionWatcher(
      ModelRegistry registry, ModelRef ref, Duration refresh, Clock clock, boolean marketRelative) {
    this.registry = registry;
    this.ref = ref;
    this.refresh = refresh;
    this.clock = clock;
    this.marketRelative = marketRelative;
  }

  /**
   * Forgets the resolved versions when the refresh interval has passed, so the next lookups read
   * the registry again. Called once per batch; lookups in between are answered from memory.
   */
  public void refreshIfDue() {
    if (announced != null) {
      return; // the versions come from announcements now
    }
    long now = clock.millis();
    if (now >= nextRefresh) {
      bySymbol.clear();
      pooled = null;
      nextRefresh = now + refresh.toMillis();
      generation++;
    }
  }

  /**
   * Takes the versions a central registry poll announced (a Flink job's broadcast): from the first
   * announcement on, this watcher asks the registry only for the models themselves, and a changed
   * announcement moves every series to its new version, as a refresh does.
   */
  public void announce(ChampionVersions versions) {
    if (versions.equals(announced)) {
      return;
    }
    announced = versions;
    bySymbol.clear();
    pooled = null;
    generation++;
  }

  /**
   * Counts refreshes: a caller that resolved a series' model in the current generation may keep
   * using it without asking again.
   */
  public long generation() {
    return generation;
  }

  /**
   * The model for a series, or empty when none takes it (no model for the symbol, or another market
   * or interval).
   */
  public Optional<LoadedModel> forSeries(SeriesKey series) {
    Optional<LoadedModel> m = bySymbol.computeIfAbsent(series.symbol(), this::resolve);
    if (m.isPresent()
        && (m.get().model().market() != series.market()
            || m.get().model().interval() != series.interval())) {
      note(
          series.toString(),
          "the model "
              + m.get().id()
              + " takes "
              + m.get().model().market()
              + " "
              + m.get().model().interval()
              + " candles, not "
              + series);
      return Optional.empty();
    }
    return m;
  }

  private Optional<LoadedModel> resolve(String symbol) {
    try {
      if (announced != null) {
        ModelRef v = announced.forSymbol(symbol);
        if (v == null) {
          throw new UserException("no version of " + ref + " scores " + symbol);
        }
        return Optional.of(load(v.name(), v.version()));
      }
      if (pooled == null) {
        // One lookup per refresh for a pooled model; per-symbol models resolve each symbol.
        pooled =
            registry.versions(ref.name()).isEmpty()
                ? Optional.empty()
                : Optional.of(registry.resolve(ref));
      }
      ModelRegistry.Version v =
          pooled.isPresent()
              ? pooled.get()
              : ModelChoice.resolve(registry, ref, List.of(symbol)).bySymbol().get(symbol);
      return Optional.of(load(v.name(), v.version()));
    } catch (UserException | dev.cryptoanomaly.OperationalException e) {
      note(symbol, e.getMessage());
      return Optional.empty();
    }
  }

  /** A version's model, read from the registry once. */
  private LoadedModel load(String name, int version) {
    String id = ModelRef.of(name, version).toString();
    LoadedModel m = loaded.get(id);
    if (m == null) {
      TrainedModel model = registry.load(name, version);
      if (!marketRelative && model.spec().needs(Feature.Input.REFERENCE)) {
        throw new UserException(
            "the model "
                + id
                + " uses market-relative features, which the stream workers do not compute;"
                + " run the Flink job (crypto-anomaly flink run), or train without them");
      }
      m = new LoadedModel(name, version, model);
      loaded.put(id, m);
      LOG.info("scoring with {}", id);
    }
    return m;
  }

  /** Logs a problem once per subject until it changes. */
  private void note(String subject, String message) {
    if (!message.equals(problems.put(subject, message))) {
      LOG.warn("not scoring {}: {}", subject, message);
    }
  }

  private final Map<String, dev.cryptoanomaly.model.registry.IncidentWatch> watches =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** What a loaded version's incidents are built over, read from the registry once per version. */
  public dev.cryptoanomaly.model.registry.IncidentWatch incidentWatch(LoadedModel m) {
    return watches.computeIfAbsent(
        m.id(),
        id -> dev.cryptoanomaly.model.registry.IncidentWatch.of(registry, m.name(), m.version()));
  }
}
