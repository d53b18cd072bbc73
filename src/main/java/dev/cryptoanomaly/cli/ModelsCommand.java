package dev.cryptoanomaly.cli;

import dev.cryptoanomaly.UserException;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.store.Stores;
import dev.cryptoanomaly.train.ModelEvaluation;
import dev.cryptoanomaly.train.PromotionGate;
import dev.cryptoanomaly.train.TrainedModel;
import dev.cryptoanomaly.train.registry.ModelRef;
import dev.cryptoanomaly.train.registry.ModelRegistry;
import dev.cryptoanomaly.train.registry.Registries;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code models list} and {@code models promote}. */
@Command(
    name = "models",
    mixinStandardHelpOptions = true,
    description = "Registered models: list versions, promote one to champion.",
    subcommands = {ModelsCommand.ListModels.class, ModelsCommand.Promote.class})
final class ModelsCommand implements Runnable {
  @ParentCommand Main main;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(main.out());
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description =
          "Registered models and versions, newest last, with their aliases and key metrics.")
  static final class ListModels implements Callable<Integer> {
    @ParentCommand ModelsCommand models;

    @Parameters(arity = "0..1", paramLabel = "NAME", description = "Only this model.")
    String name;

    @Override
    public Integer call() {
      PrintWriter out = models.main.out();
      ModelRegistry registry = Registries.open(models.main.settings());
      List<String> names = name == null ? registry.names() : List.of(name);
      if (names.isEmpty() || names.stream().allMatch(n -> registry.versions(n).isEmpty())) {
        out.println(
            "no models in the " + registry.describe() + "; train one with 'crypto-anomaly train'");
        return 0;
      }
      out.printf(
          "%-20s %4s %-10s %-9s %-22s %8s %8s %s%n",
          "model", "ver", "aliases", "kind", "symbols", "recall", "alerts/d", "created");
      for (String n : names) {
        for (ModelRegistry.Version v : registry.versions(n)) {
          Map<?, ?> metrics = (Map<?, ?>) v.manifest().getOrDefault("metrics", Map.of());
          out.printf(
              Locale.ROOT,
              "%-20s %4d %-10s %-9s %-22s %8s %8s %s%n",
              n,
              v.version(),
              String.join(",", v.aliases()),
              v.manifest().get("kind"),
              abbreviate(String.valueOf(v.manifest().get("symbols"))),
              number(metrics.get("test_injected_recall_at_threshold")),
              number(metrics.get("test_alerts_per_symbol_day")),
              v.created());
        }
        for (ModelRegistry.Promotion p : registry.promotions(n)) {
          out.printf(
              "  %s: %s -> %s@%d (was %s)%s%n",
              p.at(),
              p.alias(),
              n,
              p.version(),
              p.previous() == null ? "none" : p.previous(),
              p.forced() ? " forced" : "");
        }
      }
      return 0;
    }

    private static String abbreviate(String s) {
      return s.length() <= 22 ? s : s.substring(0, 19) + "...";
    }

    private static String number(Object v) {
      return v instanceof Number n ? String.format(Locale.ROOT, "%.3f", n.doubleValue()) : "-";
    }
  }

  @Command(
      name = "promote",
      mixinStandardHelpOptions = true,
      description = {
        "Point the champion alias at a version. Gated: both models are evaluated on the"
            + " candidate's test period and symbols; a candidate that catches fewer injected"
            + " anomalies or raises more alerts than allowed is refused unless --force. Every"
            + " promotion is recorded with time, versions and metrics."
      })
  static final class Promote implements Callable<Integer> {
    @ParentCommand ModelsCommand models;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(index = "1", paramLabel = "VERSION")
    int version;

    @Option(
        names = "--alias",
        defaultValue = ModelRef.CHAMPION,
        description = "Alias to move (default ${DEFAULT-VALUE}).")
    String alias;

    @Option(names = "--force", description = "Promote even when the gate refuses.")
    boolean force;

    @Override
    public Integer call() {
      PrintWriter out = models.main.out();
      ModelRegistry registry = Registries.open(models.main.settings());
      ModelRegistry.Version candidate = registry.resolve(new ModelRef(name, null, version));
      var current = registry.byAlias(name, alias);
      Map<String, Object> evidence = new LinkedHashMap<>();
      boolean forced = false;
      if (current.isPresent() && current.get().version() == version) {
        out.printf("%s@%d is already %s%n", name, version, alias);
        return 0;
      }
      if (current.isPresent()) {
        TrainedModel c = registry.load(name, version);
        TrainedModel champion = registry.load(name, current.get().version());
        Map<String, Object> m = candidate.manifest();
        long from = Instant.parse(String.valueOf(m.get("validation_end"))).toEpochMilli();
        long to = Instant.parse(String.valueOf(m.get("to"))).toEpochMilli();
        @SuppressWarnings("unchecked")
        List<String> symbols = (List<String>) m.get("symbols");
        long seed = ((Number) m.getOrDefault("seed", 42)).longValue();
        PromotionGate.Decision d;
        try (KlineStore store = Stores.open(models.main.settings())) {
          d =
              PromotionGate.compare(
                  ModelEvaluation.onPeriod(c, store, symbols, from, to, seed),
                  ModelEvaluation.onPeriod(champion, store, symbols, from, to, seed),
                  c.policy().alertsPerSymbolDay());
        }
        evidence.putAll(d.evidence());
        evidence.put("gate", d.reason());
        if (!d.pass()) {
          if (!force) {
            throw new UserException(
                "refused: "
                    + name
                    + "@"
                    + version
                    + " is worse than "
                    + alias
                    + " "
                    + name
                    + "@"
                    + current.get().version()
                    + ": "
                    + d.reason()
                    + " (use --force to promote anyway)");
          }
          forced = true;
        }
        out.printf("gate: %s%n", d.reason());
      }
      registry.setAlias(
          new ModelRegistry.Promotion(
              name,
              alias,
              version,
              current.map(ModelRegistry.Version::version).orElse(null),
              models.main.clock().instant(),
              forced,
              evidence));
      out.printf("%s -> %s@%d%s%n", alias, name, version, forced ? " (forced)" : "");
      return 0;
    }
  }
}
