package dev.cryptoanomaly.train;

import dev.cryptoanomaly.UserException;
import dev.cryptoanomaly.detect.CovarianceType;
import dev.cryptoanomaly.features.FeatureSpec;
import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Market;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.model.ModelKind;
import dev.cryptoanomaly.model.ModelRef;
import dev.cryptoanomaly.model.registry.ModelRegistry;
import dev.cryptoanomaly.store.KlineStore;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The periodic retrain: the champion's recipe (kind, search space, features, series, budget, seed)
 * on a period of the same length ending at the newest stored candle. The new version is registered,
 * and it replaces the champion only when the promotion gate passes; otherwise the champion stays
 * and the refusal is the run's outcome, not an error.
 */
public final class ChampionRetrain {
  private ChampionRetrain() {}

  /** The champion's recipe moved to the newest data, or null when there is no newer candle. */
  public static TrainRequest request(ModelRegistry.Version champion, KlineStore store) {
    Map<String, Object> m = champion.manifest();
    String what = champion.name() + "@" + champion.version();
    ModelKind kind = ModelKind.parse(text(m, "kind", what));
    Market market = Market.parse(text(m, "market", what));
    Interval interval = Interval.parse(text(m, "interval", what));
    List<SeriesKey> series =
        list(m, "symbols", what).stream().map(s -> new SeriesKey(market, s, interval)).toList();
    long from = instant(m, "from", what);
    long to = instant(m, "to", what);
    long newest = Long.MIN_VALUE;
    for (SeriesKey s : series) {
      long last =
          store
              .lastOpenTime(s)
              .orElseThrow(
                  () ->
                      new UserException(what + " was trained on " + s + ", which the store lacks"));
      newest = Math.max(newest, interval.next(last));
    }
    if (newest <= to) {
      return null;
    }
    Map<?, ?> chosen = m.get("settings") instanceof Map<?, ?> s ? s : Map.of();
    String clusters =
        m.containsKey("clusters_searched")
            ? String.valueOf(m.get("clusters_searched"))
            : String.valueOf(chosen.containsKey("clusters") ? chosen.get("clusters") : 1);
    List<CovarianceType> covariances =
        (m.containsKey("covariances_searched")
                ? list(m, "covariances_searched", what)
                : List.of(
                    String.valueOf(
                        chosen.containsKey("covariance") ? chosen.get("covariance") : "full")))
            .stream().map(CovarianceType::parse).toList();
    return new TrainRequest(
        kind,
        ClusterRange.parse(clusters),
        covariances,
        FeatureSpec.parse(String.join(",", list(m, "features", what))),
        series,
        newest - (to - from),
        newest,
        number(m, "alerts_per_symbol_day_budget", what).doubleValue(),
        number(m, "cooldown_candles", what).intValue(),
        number(m, "seed", what).longValue());
  }

  /**
   * Retrains a champion and offers the new version to the gate.
   *
   * @param champion the version holding {@code champion} now
   * @return one line saying what happened
   */
  public static String retrain(
      ModelRegistry registry,
      KlineStore store,
      ModelRegistry.Version champion,
      Instant now,
      Consumer<String> progress) {
    String name = champion.name();
    TrainRequest request = request(champion, store);
    String was = name + "@" + champion.version();
    if (request == null) {
      return name + ": no candle newer than what " + was + " was trained on; champion kept";
    }
    for (ModelRegistry.Version v : registry.versions(name)) {
      Object to = v.manifest().get("to");
      if (to != null && Instant.parse(String.valueOf(to)).toEpochMilli() >= request.to()) {
        return name
            + ": no candle newer than what "
            + name
            + "@"
            + v.version()
            + " was trained on; "
            + was
            + " stays champion";
      }
    }
    Trainer.Result result = new Trainer(store, progress).train(request);
    int version = Registration.register(registry, name, result, request, now).version().version();
    String trained =
        name
            + ": trained @"
            + version
            + " on "
            + Instant.ofEpochMilli(request.from())
            + " to "
            + Instant.ofEpochMilli(request.to());
    try {
      GatedPromotion.Outcome o =
          GatedPromotion.promote(registry, store, name, version, ModelRef.CHAMPION, false, now);
      return trained + "; promoted over " + was + (o.gate() == null ? "" : " (" + o.gate() + ")");
    } catch (GatedPromotion.Refused e) {
      return trained + "; " + was + " stays champion (" + e.getMessage() + ")";
    }
  }

  private static String text(Map<String, Object> m, String key, String what) {
    Object v = m.get(key);
    if (v == null) {
      throw missing(key, what);
    }
    return String.valueOf(v);
  }

  private static List<String> list(Map<String, Object> m, String key, String what) {
    if (!(m.get(key) instanceof List<?> l) || l.isEmpty()) {
      throw missing(key, what);
    }
    return l.stream().map(String::valueOf).toList();
  }

  private static Number number(Map<String, Object> m, String key, String what) {
    if (!(m.get(key) instanceof Number n)) {
      throw missing(key, what);
    }
    return n;
  }

  private static UserException missing(String key, String what) {
    return new UserException(what + " has no '" + key + "' in its manifest; retrain it by hand");
  }

  private static long instant(Map<String, Object> m, String key, String what) {
    try {
      return Instant.parse(text(m, key, what)).toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new UserException(what + " has an unreadable '" + key + "' in its manifest", e);
    }
  }
}
