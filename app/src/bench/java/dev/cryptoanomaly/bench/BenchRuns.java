package dev.cryptoanomaly.bench;

import dev.cryptoanomaly.testkit.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the benchmark runners share: running the real CLI, and removing their work folders. */
final class BenchRuns {
  /** The models the detection runners compare, by registered name, with their train options. */
  static final Map<String, List<String>> MODELS = models();

  private BenchRuns() {}

  private static Map<String, List<String>> models() {
    Map<String, List<String>> m = new LinkedHashMap<>();
    m.put("kmeans", List.of("--model", "kmeans", "--clusters", "2-12"));
    m.put("gmm", List.of("--model", "gmm", "--clusters", "2-8"));
    m.put("baseline-iforest", List.of("--model", "iforest"));
    m.put("baseline-robust-z", List.of("--model", "robust_z"));
    return java.util.Collections.unmodifiableMap(m);
  }

  /** Runs a command line in-process; its table output goes to stderr, its stdout is returned. */
  static String cli(Map<String, String> env, Clock clock, String... args) {
    Cli.Result r = Cli.run(env, clock, args);
    if (r.exit() != 0) {
      throw new IllegalStateException(String.join(" ", args) + " failed: " + r.err());
    }
    r.out().lines().filter(l -> !l.startsWith("{")).forEach(System.err::println);
    return r.out();
  }

  /**
   * A data folder with four days of three simulated symbols (seed 3) and a three-component Gaussian
   * mixture trained on them as {@code crypto-anomaly@champion}: the model the stream benchmarks
   * decide with.
   */
  static void trainSmallModel(Map<String, String> env, Clock clock) {
    cli(
        env,
        clock,
        "collect",
        "--source",
        "synthetic",
        "--seed",
        "3",
        "--symbols",
        "BTCUSDT,ETHUSDT,SOLUSDT",
        "--start",
        "2024-05-01",
        "--end",
        "2024-05-04");
    cli(env, clock, "train", "--model", "gmm", "--clusters", "3");
  }

  /**
   * The real Binance klines of {@code ../shared/data} beside the checkout: the build and {@code
   * ./bench} pass it as {@code shared.data.dir}; without it, found from the module's directory.
   */
  static Path sharedData() {
    String dir = System.getProperty("shared.data.dir");
    if (dir != null) {
      return Path.of(dir);
    }
    Path beside = Path.of("..", "..", "shared", "data");
    return java.nio.file.Files.isDirectory(beside) ? beside : Path.of("..", "shared", "data");
  }

  static void deleteTree(Path root) throws IOException {
    try (var walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
