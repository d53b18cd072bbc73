package dev.cryptoanomaly.online;

import dev.cryptoanomaly.model.ModelRef;
import dev.cryptoanomaly.model.registry.ModelChoice;
import dev.cryptoanomaly.model.registry.ModelRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which versions a model reference means right now: one pooled version for every symbol, or a
 * version per symbol ({@code train --per-symbol}). What a stream processor's registry poll sends to
 * every task, so they all switch to a promoted champion from the same announcement instead of each
 * asking the registry.
 *
 * @param pooled the version for every symbol, or null when versions are per symbol
 * @param bySymbol the version of each symbol (empty when pooled)
 */
public record ChampionVersions(ModelRef pooled, Map<String, ModelRef> bySymbol) {
  public ChampionVersions {
    bySymbol = Map.copyOf(bySymbol);
  }

  /** What {@code ref} resolves to in the registry now; the registry's one-line error if nothing. */
  public static ChampionVersions resolve(ModelRegistry registry, ModelRef ref) {
    if (!registry.versions(ref.name()).isEmpty()) {
      return new ChampionVersions(registry.resolve(ref).ref(), Map.of());
    }
    Map<String, ModelRef> bySymbol = new TreeMap<>();
    ModelChoice.resolve(registry, ref, null).bySymbol().forEach((s, v) -> bySymbol.put(s, v.ref()));
    return new ChampionVersions(null, bySymbol);
  }

  /** The version that scores {@code symbol}, or null when none does. */
  public ModelRef forSymbol(String symbol) {
    return pooled != null ? pooled : bySymbol.get(symbol);
  }

  /** As text: {@code * name@version} when pooled, else a {@code symbol name@version} line each. */
  public byte[] encode() {
    StringBuilder text = new StringBuilder();
    if (pooled != null) {
      text.append("* ").append(pooled).append('\n');
    }
    new TreeMap<>(bySymbol).forEach((s, v) -> text.append(s).append(' ').append(v).append('\n'));
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  public static ChampionVersions decode(byte[] encoded) {
    ModelRef pooled = null;
    Map<String, ModelRef> bySymbol = new TreeMap<>();
    for (String line : new String(encoded, StandardCharsets.UTF_8).split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      int space = line.indexOf(' ');
      if (space < 1) {
        throw new IllegalArgumentException("damaged champion announcement line: " + line);
      }
      ModelRef version = ModelRef.parse(line.substring(space + 1));
      if (line.startsWith("* ")) {
        pooled = version;
      } else {
        bySymbol.put(line.substring(0, space), version);
      }
    }
    return new ChampionVersions(pooled, bySymbol);
  }
}
