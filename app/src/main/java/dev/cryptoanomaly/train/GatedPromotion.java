package dev.cryptoanomaly.train;

import dev.cryptoanomaly.UserException;
import dev.cryptoanomaly.alert.IncidentRule;
import dev.cryptoanomaly.model.ModelManifest;
import dev.cryptoanomaly.model.ModelRef;
import dev.cryptoanomaly.model.TrainedModel;
import dev.cryptoanomaly.model.registry.ModelRegistry;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.train.eval.GateLabels;
import dev.cryptoanomaly.train.eval.LabelledComparison;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Moves an alias to a version only when the candidate does at least as well as the current holder
 * on the candidate's held-out test period ({@link PromotionGate}), and on labelled events when they
 * are given; every move is recorded with its evidence. Shared by {@code models promote}, the
 * dashboard and the weekly retrain.
 */
public final class GatedPromotion {
  private GatedPromotion() {}

  /**
   * What happened: {@code unchanged} when the version already held the alias, the gate's reason
   * (null when there was no holder to compare with), and whether the gate was overridden.
   */
  public record Outcome(boolean unchanged, Integer previous, String gate, boolean forced) {}

  /** Thrown when the gate refuses and the promotion was not forced. */
  public static final class Refused extends UserException {
    public Refused(String message) {
      super(message);
    }
  }

  public static Outcome promote(
      ModelRegistry registry,
      KlineStore store,
      String name,
      int version,
      String alias,
      boolean force,
      Instant now,
      GateLabels labels) {
    ModelRegistry.Version candidate = registry.resolve(new ModelRef(name, null, version));
    Optional<ModelRegistry.Version> current = registry.byAlias(name, alias);
    if (current.isPresent() && current.get().version() == version) {
      return new Outcome(true, version, null, false);
    }
    Map<String, Object> evidence = new LinkedHashMap<>();
    String gate = null;
    boolean forced = false;
    if (current.isPresent()) {
      PromotionGate.Decision d = compare(registry, store, candidate, current.get(), labels);
      evidence.putAll(d.evidence());
      evidence.put("gate", d.reason());
      gate = d.reason();
      if (!d.pass()) {
        if (!force) {
          throw new Refused(
              "refused: "
                  + ModelRef.of(name, version)
                  + (d.evidence().containsKey("candidate_candles")
                      ? " cannot be compared with "
                      : " is worse than ")
                  + alias
                  + " "
                  + current.get().ref()
                  + ": "
                  + d.reason()
                  + " (use --force to promote anyway)");
        }
        forced = true;
      }
    }
    Integer previous = current.map(ModelRegistry.Version::version).orElse(null);
    registry.setAlias(
        new ModelRegistry.Promotion(name, alias, version, previous, now, forced, evidence));
    return new Outcome(false, previous, gate, forced);
  }

  private static PromotionGate.Decision compare(
      ModelRegistry registry,
      KlineStore store,
      ModelRegistry.Version candidate,
      ModelRegistry.Version holder,
      GateLabels labels) {
    TrainedModel c = registry.load(candidate.name(), candidate.version());
    TrainedModel h = registry.load(holder.name(), holder.version());
    if (c.market() != h.market() || !c.interval().equals(h.interval())) {
      // Nothing to measure both on: a forced promotion goes ahead, an unforced one is refused.
      return new PromotionGate.Decision(
          false,
          "it watches "
              + c.market().cliName()
              + " "
              + c.interval().archiveName()
              + " candles and "
              + holder.ref()
              + " "
              + h.market().cliName()
              + " "
              + h.interval().archiveName()
              + ", so the gate cannot compare them on the same candles",
          Map.of(
              "candidate_candles",
              c.market().cliName() + " " + c.interval().archiveName(),
              "holder_candles",
              h.market().cliName() + " " + h.interval().archiveName()));
    }
    ModelManifest m = candidate.manifest();
    ModelManifest.Period test = m.testPeriod();
    long from = test.fromMillis();
    long to = test.toMillis();
    List<String> symbols = m.symbols();
    long seed = m.recipe().seed();
    return PromotionGate.compare(
        ModelEvaluation.onPeriod(c, store, symbols, from, to, seed),
        ModelEvaluation.onPeriod(h, store, symbols, from, to, seed),
        c.policy().alertsPerSymbolDay(),
        labels == null ? null : onLabels(registry, store, candidate, holder, symbols, labels));
  }

  /**
   * Both models on the labelled events over the labels' span and the candidate's symbols (a
   * market-wide label counts on each), scored and alerted as {@code evaluate} does.
   */
  private static PromotionGate.Labelled onLabels(
      ModelRegistry registry,
      KlineStore store,
      ModelRegistry.Version candidate,
      ModelRegistry.Version holder,
      List<String> symbols,
      GateLabels labels) {
    if (labels.events().isEmpty()) {
      return new PromotionGate.Labelled(labels.source(), Map.of(), Map.of());
    }
    long[] span = LabelledComparison.labelSpan(labels.events());
    List<LabelledComparison.Outcome> outcomes =
        LabelledComparison.outcomes(
            registry,
            store,
            List.of(candidate.ref(), holder.ref()),
            labels.events(),
            symbols,
            span[0],
            span[1],
            IncidentRule.DEFAULT);
    return new PromotionGate.Labelled(
        labels.source(), outcomes.get(0).metrics(), outcomes.get(1).metrics());
  }
}
