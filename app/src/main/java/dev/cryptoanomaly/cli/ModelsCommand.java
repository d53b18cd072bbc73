package dev.cryptoanomaly.cli;

import dev.cryptoanomaly.Numbers;
import dev.cryptoanomaly.model.ModelJson;
import dev.cryptoanomaly.model.ModelNames;
import dev.cryptoanomaly.model.ModelRef;
import dev.cryptoanomaly.model.registry.ModelRegistry;
import dev.cryptoanomaly.model.registry.Registries;
import dev.cryptoanomaly.model.registry.VersionSummary;
import dev.cryptoanomaly.report.LabelSources;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.store.Stores;
import dev.cryptoanomaly.train.GatedPromotion;
import dev.cryptoanomaly.train.eval.GateLabels;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
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

    @Option(names = "--json", description = "Print JSON: versions and promotions.")
    boolean json;

    @Override
    public Integer call() throws java.io.IOException {
      PrintWriter out = models.main.out();
      ModelRegistry registry = Registries.open(models.main.settings());
      List<String> names = name == null ? registry.names() : List.of(ModelNames.require(name));
      if (json) {
        Map<String, Object> doc = new java.util.LinkedHashMap<>();
        doc.put(
            "versions",
            names.stream()
                .flatMap(n -> registry.versions(n).stream())
                .map(VersionSummary::of)
                .toList());
        doc.put(
            "promotions",
            names.stream()
                .flatMap(n -> registry.promotions(n).stream())
                .map(Promotions::of)
                .toList());
        out.println(ModelJson.MAPPER.writeValueAsString(doc));
        return 0;
      }
      if (names.isEmpty() || names.stream().allMatch(n -> registry.versions(n).isEmpty())) {
        out.println(
            "no models in the " + registry.describe() + "; train one with 'crypto-anomaly train'");
        return 0;
      }
      out.printf(
          "%-20s %4s %-10s %-9s %-8s %-22s %8s %8s %s%n",
          "model",
          "ver",
          "aliases",
          "kind",
          "interval",
          "symbols",
          "recall",
          "alerts/d",
          "created");
      for (String n : names) {
        for (ModelRegistry.Version v : registry.versions(n)) {
          VersionSummary s = VersionSummary.of(v);
          out.printf(
              "%-20s %4d %-10s %-9s %-8s %-22s %8s %8s %s%n",
              n,
              v.version(),
              String.join(",", v.aliases()),
              s.kind().id(),
              s.market().cliName() + " " + s.interval().archiveName(),
              abbreviate(String.join(",", s.symbols())),
              number(s.metrics().get("test_injected_recall_at_threshold")),
              number(s.metrics().get("test_alerts_per_symbol_day")),
              s.created());
        }
        for (ModelRegistry.Promotion p : registry.promotions(n)) {
          out.printf(
              "  %s: %s -> %s%s%n",
              p.at().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
              p.alias(),
              ModelRef.of(n, p.version()),
              (p.previous() == null ? " (was none)" : " (was @" + p.previous() + ")")
                  + (p.forced() ? " forced" : ""));
        }
      }
      return 0;
    }

    /** A promotion as {@code models list --json} prints it. */
    record Promotions(
        String name, String alias, int version, Integer previous, String at, boolean forced) {
      static Promotions of(ModelRegistry.Promotion p) {
        return new Promotions(
            p.name(),
            p.alias(),
            p.version(),
            p.previous(),
            p.at().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString(),
            p.forced());
      }
    }

    private static String abbreviate(String s) {
      return s.length() <= 22 ? s : s.substring(0, 19) + "...";
    }

    private static String number(Double v) {
      return v == null ? Numbers.UNDEFINED : Numbers.format(v);
    }
  }

  @Command(
      name = "promote",
      mixinStandardHelpOptions = true,
      description = {
        "Point the champion alias at a version. Gated: both models are evaluated on the"
            + " candidate's test period and symbols; a candidate that catches fewer injected"
            + " anomalies, ranks rare ones below normal rows more often (injected PR-AUC) or"
            + " raises more alerts than allowed is refused unless --force, naming the limits. With"
            + " --labels it must also catch as many labelled events and rank them as well. Every"
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

    @Option(
        names = "--labels",
        description =
            "Also judge both models on labelled events: a labels CSV (symbol,start,end[,kind]) or"
                + " triage (the analysts' confirmed alerts and incidents); the candidate must catch"
                + " as many and rank their candles as well. Default: CRYPTO_ANOMALY_GATE__LABELS,"
                + " else none.")
    Path labels;

    @Override
    public Integer call() {
      PrintWriter out = models.main.out();
      ModelRegistry registry = Registries.open(models.main.settings());
      GatedPromotion.Outcome o;
      try (KlineStore store = Stores.open(models.main.settings())) {
        GateLabels gateLabels =
            labels != null
                ? LabelSources.forGate(labels, store)
                : LabelSources.forGate(models.main.settings().gateLabels(), store);
        o =
            GatedPromotion.promote(
                registry,
                store,
                name,
                version,
                alias,
                force,
                models.main.clock().instant(),
                gateLabels);
      }
      if (o.unchanged()) {
        out.printf("%s is already %s%n", ModelRef.of(name, version), alias);
        return 0;
      }
      if (o.gate() != null) {
        out.printf("gate: %s%n", o.gate());
      }
      out.printf("%s -> %s%s%n", alias, ModelRef.of(name, version), o.forced() ? " (forced)" : "");
      return 0;
    }
  }
}
