package dev.cryptoanomaly.cli;

import dev.cryptoanomaly.model.ModelRef;
import dev.cryptoanomaly.model.registry.ModelRegistry;
import dev.cryptoanomaly.model.registry.Registries;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.store.Stores;
import dev.cryptoanomaly.train.GatedPromotion;
import java.io.PrintWriter;
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
      GatedPromotion.Outcome o;
      try (KlineStore store = Stores.open(models.main.settings())) {
        o =
            GatedPromotion.promote(
                registry, store, name, version, alias, force, models.main.clock().instant());
      }
      if (o.unchanged()) {
        out.printf("%s@%d is already %s%n", name, version, alias);
        return 0;
      }
      if (o.gate() != null) {
        out.printf("gate: %s%n", o.gate());
      }
      out.printf("%s -> %s@%d%s%n", alias, name, version, o.forced() ? " (forced)" : "");
      return 0;
    }
  }
}
