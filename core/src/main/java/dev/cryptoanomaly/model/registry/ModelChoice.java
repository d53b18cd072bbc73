package dev.cryptoanomaly.model.registry;

import dev.cryptoanomaly.BadArgumentException;
import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Market;
import dev.cryptoanomaly.model.ModelRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which registered version scores which symbol. A name is either one pooled model for all its
 * symbols, or per-symbol models registered as {@code NAME.SYMBOL} ({@code train --per-symbol}),
 * each with its own versions and aliases; a reference to {@code NAME@champion} then means each
 * symbol's champion.
 */
public record ModelChoice(Map<String, ModelRegistry.Version> bySymbol, boolean perSymbol) {
  public static String perSymbolName(String name, String symbol) {
    return name + "." + symbol;
  }

  /**
   * The versions for {@code symbols}, or for the model's own symbols when null; a one-line error
   * when a symbol has no model.
   */
  public static ModelChoice resolve(ModelRegistry registry, ModelRef ref, List<String> symbols) {
    Map<String, ModelRegistry.Version> out = new LinkedHashMap<>();
    if (!registry.versions(ref.name()).isEmpty()) {
      ModelRegistry.Version v = registry.resolve(ref);
      List<String> wanted = symbols != null ? symbols : v.manifest().symbols();
      wanted.forEach(s -> out.put(s, v));
      return new ModelChoice(out, false);
    }
    String prefix = ref.name() + ".";
    List<String> own = new ArrayList<>();
    for (String n : registry.names()) {
      if (n.startsWith(prefix)) {
        own.add(n.substring(prefix.length()));
      }
    }
    if (own.isEmpty()) {
      registry.resolve(ref); // the usual one-line error: no such model
    }
    for (String s : symbols != null ? symbols : own) {
      out.put(
          s,
          registry.resolve(new ModelRef(perSymbolName(ref.name(), s), ref.alias(), ref.version())));
    }
    return new ModelChoice(out, true);
  }

  /**
   * Fails in one line, naming the model argument, when a chosen version was trained on another
   * market or interval than the candles it is about to score: it would decide nothing.
   */
  public ModelChoice requireSeries(ModelRef ref, Market market, Interval interval) {
    for (ModelRegistry.Version v : bySymbol.values()) {
      var recipe = v.manifest().recipe();
      if (recipe.market() != market || recipe.interval() != interval) {
        throw new BadArgumentException(
            "model",
            ref
                + " ("
                + v.ref()
                + ") takes "
                + recipe.market().cliName()
                + " "
                + recipe.interval().archiveName()
                + " candles, not "
                + market.cliName()
                + " "
                + interval.archiveName()
                + "; choose a model trained on those or that interval");
      }
    }
    return this;
  }

  /** Symbols grouped by the version that scores them, in first-seen order. */
  public Map<ModelRegistry.Version, List<String>> groups() {
    Map<ModelRegistry.Version, List<String>> out = new LinkedHashMap<>();
    bySymbol.forEach((s, v) -> out.computeIfAbsent(v, x -> new ArrayList<>()).add(s));
    return out;
  }
}
