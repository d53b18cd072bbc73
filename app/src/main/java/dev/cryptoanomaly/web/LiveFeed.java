package dev.cryptoanomaly.web;

import dev.cryptoanomaly.Messages;
import dev.cryptoanomaly.kline.Kline;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.model.registry.ModelChoice;
import dev.cryptoanomaly.model.registry.ModelRegistry;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.store.StoredAnomaly;
import dev.cryptoanomaly.store.StoredDecision;
import io.javalin.http.sse.SseClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * What a live view shows, read from the store the workers write to (so it works the same with
 * workers in this process or on Redis): a window of candles ending at the last decided one, the
 * decisions as -log10 tail probability against the model's threshold, and the alerts. Server-sent
 * events push what was decided since the previous push.
 */
final class LiveFeed implements AutoCloseable {
  static final int WINDOW = 720;
  private final Dashboard d;
  private final ScheduledExecutorService ticker =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("live-feed").daemon().factory());

  LiveFeed(Dashboard d) {
    this.d = d;
  }

  /** The model version deciding a series, if there is one. */
  private Optional<ModelRegistry.Version> version(LivePage.View view) {
    try {
      ModelChoice c =
          ModelChoice.resolve(d.reachableRegistry(), view.model(), List.of(view.series().symbol()));
      return Optional.ofNullable(c.bySymbol().get(view.series().symbol()));
    } catch (dev.cryptoanomaly.UserException | dev.cryptoanomaly.OperationalException e) {
      return Optional.empty();
    }
  }

  Map<String, Object> snapshot(LivePage.View view) {
    PageModel p = new PageModel();
    KlineStore store = d.store();
    SeriesKey s = view.series();
    p.put("series", Dashboard.series(s));
    Optional<ModelRegistry.Version> v = version(view);
    if (v.isEmpty()) {
      p.hint("No model decides " + s.symbol() + " yet (" + view.model() + "): train one first.");
    }
    p.put("model", v.map(x -> x.ref().toString()).orElse(null));
    p.put("threshold", v.map(LiveFeed::threshold).orElse(null));
    if (!view.follows()) {
      long from = view.from().getAsLong();
      long to = view.to().getAsLong();
      long cap = from + LivePage.View.MAX_CANDLES * s.interval().millis();
      if (to > cap) {
        p.hint(
            String.format(
                java.util.Locale.ROOT,
                "Showing the first %,d candles of the period, to %s; choose a shorter one for the"
                    + " rest.",
                LivePage.View.MAX_CANDLES,
                dev.cryptoanomaly.Numbers.instant(cap)));
        to = cap;
      }
      window(p, store, s, v, from, to);
      p.put("from", from).put("to", to);
      p.put("cursor", -1L); // a fixed period: nothing to follow
      return p.toMap();
    }
    OptionalLong followed = followed(store, s, v);
    OptionalLong last = followed.isPresent() ? followed : store.lastOpenTime(s);
    if (last.isEmpty()) {
      p.hint("No " + s + " candles stored.");
      p.put("candles", List.of()).put("decisions", List.of()).put("anomalies", List.of());
      p.put("cursor", 0L);
      return p.toMap();
    }
    long to = last.getAsLong() + 1;
    long from = to - WINDOW * s.interval().millis();
    window(p, store, s, v, from, to);
    p.put("cursor", followed.orElse(-1) + 1);
    return p.toMap();
  }

  private static Double threshold(ModelRegistry.Version v) {
    java.util.OptionalDouble t = v.manifest().metric("alert_probability_threshold");
    return t.isPresent() ? EvaluationPage.surprise(t.getAsDouble()) : null;
  }

  /**
   * What a live view follows: the last decided candle when a model decides the series (so that
   * candles stored before their decisions are sent again once decided), else the last candle.
   */
  private static OptionalLong followed(
      KlineStore store, SeriesKey s, Optional<ModelRegistry.Version> v) {
    return v.isPresent()
        ? store.lastDecision(s, v.get().name(), v.get().version())
        : store.lastOpenTime(s);
  }

  private static void window(
      PageModel p,
      KlineStore store,
      SeriesKey s,
      Optional<ModelRegistry.Version> v,
      long from,
      long to) {
    List<Object[]> candles = new ArrayList<>();
    for (Kline k : store.read(s, from, to)) {
      candles.add(new Object[] {k.openTime(), k.open(), k.close(), k.low(), k.high(), k.volume()});
    }
    p.put("candles", candles);
    List<Object[]> decisions = new ArrayList<>();
    List<Map<String, Object>> anomalies = new ArrayList<>();
    if (v.isPresent()) {
      for (StoredDecision x : store.decisions(s, v.get().name(), v.get().version(), from, to)) {
        if (!Double.isNaN(x.probability())) {
          decisions.add(
              new Object[] {x.openTime(), EvaluationPage.surprise(x.probability()), x.hit()});
        }
      }
      for (StoredAnomaly a : store.anomalies(s, from - WINDOW * s.interval().millis(), to)) {
        if (a.model().equals(v.get().name()) && a.modelVersion() == v.get().version()) {
          anomalies.add(Dashboard.anomaly(s, a));
        }
      }
    }
    p.put("decisions", decisions);
    p.put("anomalies", anomalies);
  }

  /** Follows a view until the browser goes away, pushing an {@code update} when work was done. */
  void follow(SseClient client, LivePage.View view, long cursor) {
    client.keepAlive();
    long[] sent = {cursor};
    long[] ticks = {0};
    List<Optional<ModelRegistry.Version>> model = new ArrayList<>(List.of(Optional.empty()));
    ScheduledFuture<?>[] task = new ScheduledFuture<?>[1];
    task[0] =
        ticker.scheduleWithFixedDelay(
            () -> {
              if (client.terminated()) {
                task[0].cancel(false);
                return;
              }
              try {
                if (ticks[0]++ % 10 == 0) {
                  model.set(0, version(view)); // the champion may move; look again every 5 s
                }
                push(client, view, model.get(0), sent);
              } catch (RuntimeException e) {
                client.sendEvent("problem", Messages.oneLine(e.getMessage()));
              }
            },
            0,
            500,
            TimeUnit.MILLISECONDS);
    client.onClose(() -> task[0].cancel(false));
  }

  private void push(
      SseClient client, LivePage.View view, Optional<ModelRegistry.Version> v, long[] sent) {
    KlineStore store = d.store();
    SeriesKey s = view.series();
    OptionalLong last = followed(store, s, v);
    if (last.isEmpty() || last.getAsLong() + 1 <= sent[0]) {
      client.sendComment("idle");
      return;
    }
    long to = last.getAsLong() + 1;
    long from = Math.max(sent[0], to - WINDOW * s.interval().millis());
    PageModel p = new PageModel();
    window(p, store, s, v, from, to);
    p.put("threshold", v.map(LiveFeed::threshold).orElse(null));
    p.put("model", v.map(x -> x.ref().toString()).orElse(null));
    p.put("cursor", to);
    Map<String, Object> update = new LinkedHashMap<>(p.toMap());
    sent[0] = to;
    client.sendEvent("update", update);
  }

  @Override
  public void close() {
    ticker.shutdownNow();
  }
}
