package dev.cryptoanomaly.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cryptoanomaly.UserException;
import dev.cryptoanomaly.config.Settings;
import dev.cryptoanomaly.detect.Explanation;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.model.ModelRef;
import dev.cryptoanomaly.model.TrainingRecipe;
import dev.cryptoanomaly.model.TrialSettings;
import dev.cryptoanomaly.model.registry.ModelRegistry;
import dev.cryptoanomaly.model.registry.Registries;
import dev.cryptoanomaly.schedule.JobScheduler;
import dev.cryptoanomaly.schedule.StandardJobs;
import dev.cryptoanomaly.store.Gap;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.store.SeriesCoverage;
import dev.cryptoanomaly.store.StoredAnomaly;
import dev.cryptoanomaly.store.Stores;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every page shares: the settings, one store kept open for reading (jobs open their own, so a
 * long download never holds the pages' connection), the model registry and the background jobs.
 */
final class Dashboard implements AutoCloseable {
  /** NaN (a metric without events to measure) is written as a string, so the JSON stays valid. */
  static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(
              com.fasterxml.jackson.core.json.JsonWriteFeature.WRITE_NAN_AS_STRINGS
                  .mappedFeature());

  final Settings settings;
  final Clock clock;
  final BackgroundJobs jobs;
  final Health health;
  final DashboardServices services;
  private KlineStore store;
  final CoverageCache coverage;
  private com.zaxxer.hikari.HikariDataSource jobPool;
  private JobScheduler jobReader;

  Dashboard(Settings settings, Clock clock, DashboardServices services) {
    this.settings = settings;
    this.clock = clock;
    this.services = services;
    this.jobs = new BackgroundJobs(clock);
    this.health = new Health(settings);
    this.coverage = new CoverageCache(this::store, jobs::ended);
    KlineUpload.removeStale(DataPage.uploads(settings.home()), clock.instant());
  }

  /** The pages' store, opened on first use; a store that cannot be opened is a one-line error. */
  synchronized KlineStore store() {
    if (store == null) {
      store = Stores.open(settings);
    }
    return store;
  }

  /**
   * The scheduler {@code serve} runs, or one that only reads and triggers jobs (a scheduler in
   * another process on the same store runs them).
   */
  synchronized JobScheduler scheduler() {
    if (services.scheduler() != null) {
      return services.scheduler();
    }
    if (jobReader == null) {
      jobPool = Stores.pool(settings, "dashboard-jobs");
      jobReader = StandardJobs.scheduler(jobPool, settings, clock, JobScheduler.Options.defaults());
    }
    return jobReader;
  }

  /** A store of a job's own, closed by the job. */
  KlineStore openStore() {
    return Stores.open(settings);
  }

  ModelRegistry registry() {
    return Registries.open(settings);
  }

  /**
   * Fails with a one-line message when the tracking server does not answer (instead of hanging).
   */
  ModelRegistry reachableRegistry() {
    Health.Check t = health.tracking();
    if (!t.ok()) {
      throw new UserException("the model registry is unavailable: " + t.detail());
    }
    return registry();
  }

  /** Coverage rows for tables; gaps listed up to {@code gapsShown} per series. */
  List<Map<String, Object>> coverage(int gapsShown) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (SeriesCoverage c : coverage.coverage()) {
      Map<String, Object> r = series(c.series());
      r.put("first", Instant.ofEpochMilli(c.firstOpenTime()).toString());
      r.put("last", Instant.ofEpochMilli(c.lastOpenTime()).toString());
      r.put("rows", c.rows());
      r.put("source", c.sourceLabel());
      r.put("missing", c.missing());
      r.put("gap_count", c.gaps());
      if (gapsShown > 0) {
        List<Map<String, Object>> gaps = new ArrayList<>();
        for (Gap g : coverage.gaps(c.series()).stream().limit(gapsShown).toList()) {
          gaps.add(
              Map.of(
                  "from", Instant.ofEpochMilli(g.from()).toString(),
                  "to", Instant.ofEpochMilli(g.to()).toString(),
                  "missing", g.missing()));
        }
        r.put("gaps", gaps);
      }
      rows.add(r);
    }
    return rows;
  }

  static Map<String, Object> series(SeriesKey k) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("market", k.market().cliName());
    r.put("symbol", k.symbol());
    r.put("interval", k.interval().archiveName());
    return r;
  }

  /** A registered version as pages show it, with its test metrics and tracking link. */
  static Map<String, Object> version(ModelRegistry registry, ModelRegistry.Version v) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("name", v.name());
    r.put("version", v.version());
    r.put("ref", v.ref().toString());
    r.put("created", dev.cryptoanomaly.Numbers.instant(v.created().toEpochMilli()));
    r.put("aliases", v.aliases());
    r.put("champion", v.aliases().contains(ModelRef.CHAMPION));
    TrainingRecipe recipe = v.manifest().recipe();
    r.put("kind", recipe.kind().id());
    r.put("symbols", recipe.symbols());
    r.put("interval", recipe.interval().archiveName());
    r.put("market", recipe.market().cliName());
    r.put("features", recipe.features());
    r.put("from", recipe.from().toString());
    r.put("to", recipe.to().toString());
    r.put("metrics", v.manifest().metrics());
    r.put("settings", settings(v.manifest().settings()));
    r.put("settings_text", v.manifest().settings().toString());
    r.put("link", registry.link(v).map(Object::toString).orElse(null));
    return r;
  }

  /** A trial's settings as pages show them: {@code {clusters: 4, covariance: "full"}}. */
  static Map<String, Object> settings(TrialSettings s) {
    Map<String, Object> r = new LinkedHashMap<>();
    if (s.clusters() != null) {
      r.put("clusters", s.clusters());
    }
    if (s.covariance() != null) {
      r.put("covariance", s.covariance().cliName());
    }
    return r;
  }

  /** An alert with its explanation parsed, for feeds and markers. */
  static Map<String, Object> anomaly(SeriesKey k, StoredAnomaly a) {
    Map<String, Object> r = series(k);
    r.put("time", a.openTime());
    r.put("at", Instant.ofEpochMilli(a.openTime()).toString());
    r.put("first_hit", a.firstHit());
    r.put("last_hit", a.lastHit());
    r.put("onset", Instant.ofEpochMilli(a.firstHit()).toString());
    r.put("model", ModelRef.of(a.model(), a.modelVersion()).toString());
    r.put(
        "id", dev.cryptoanomaly.alert.AlertIds.alert(k, a.model(), a.modelVersion(), a.firstHit()));
    r.put("severity", a.severity());
    r.put("score", a.score());
    r.put("probability", a.probability());
    r.put("hits", a.hits());
    r.put("detected_at", a.detectedAt());
    List<Map<String, Object>> bars = new ArrayList<>();
    try {
      Explanation e = JSON.readValue(a.explanationJson(), Explanation.class);
      for (Explanation.Contribution c : e.contributions()) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("feature", c.feature());
        b.put("value", c.value());
        b.put("typical", c.typical());
        b.put("direction", c.direction());
        b.put("share", c.share());
        b.put("percent", Math.round(c.share() * 1000) / 10.0);
        bars.add(b);
      }
    } catch (java.io.IOException | RuntimeException e) {
      // an alert without a readable explanation still shows
    }
    r.put("explanation", bars);
    return r;
  }

  @Override
  public synchronized void close() {
    jobs.close();
    if (jobPool != null) {
      jobPool.close();
    }
    if (store != null) {
      store.close();
    }
  }
}
