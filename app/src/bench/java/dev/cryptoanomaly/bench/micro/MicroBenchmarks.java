package dev.cryptoanomaly.bench.micro;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * {@code ./bench micro [regex]}: the JMH micro-benchmarks of this package (one forked JVM each,
 * JMH's own warm-up and measurement), then one JSON line with every figure in nanoseconds and per
 * second, and the ratios between peers measured in the same run: batch features against the
 * streaming state, a decision against its features alone, each detector's scoring against K-Means'.
 */
public final class MicroBenchmarks {
  private MicroBenchmarks() {}

  public static void main(String[] args) throws RunnerException {
    String include = args.length > 0 ? args[0] : MicroBenchmarks.class.getPackageName() + ".*";
    System.out.println(
        run(
            new OptionsBuilder()
                .include(include)
                .forks(1)
                .jvmArgsAppend("-Xmx2g")
                .warmupIterations(3)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(5)
                .measurementTime(TimeValue.seconds(1))));
  }

  /** Runs the benchmarks the options choose and summarises them as JSON. */
  public static String run(ChainedOptionsBuilder options) throws RunnerException {
    Collection<RunResult> results = new Runner(options.build()).run();
    Map<String, Double> nanos = new LinkedHashMap<>();
    for (RunResult r : results) {
      var params = r.getParams();
      String name = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
      StringBuilder key = new StringBuilder(name);
      for (String p : params.getParamsKeys()) {
        key.append('[').append(params.getParam(p)).append(']');
      }
      nanos.put(key.toString(), r.getPrimaryResult().getScore());
    }
    ObjectMapper json = new ObjectMapper();
    ObjectNode out = json.createObjectNode();
    out.put("benchmark", "micro");
    ObjectNode figures = out.putObject("ns_per_op");
    ObjectNode rates = out.putObject("ops_per_s");
    nanos.forEach(
        (k, v) -> {
          figures.put(k, round(v));
          rates.put(k, Math.round(1e9 / v));
        });
    ObjectNode ratios = out.putObject("ratios");
    for (String spec : new String[] {"specification", "all"}) {
      ratio(
          ratios,
          "batch_features_vs_streaming[" + spec + "]",
          nanos.get("featuresPerCandle[" + spec + "]"),
          nanos.get("featuresPerRow[" + spec + "]"));
      ratio(
          ratios,
          "decision_vs_features_alone[" + spec + "]",
          nanos.get("decisionPerCandle[" + spec + "]"),
          nanos.get("featuresPerCandle[" + spec + "]"));
    }
    Double kmeans = nanos.get("scorePerRow[kmeans]");
    nanos.forEach(
        (k, v) -> {
          if (k.startsWith("scorePerRow[") && !k.equals("scorePerRow[kmeans]")) {
            ratio(ratios, k + "_vs_kmeans", v, kmeans);
          }
        });
    out.put("threads", Runtime.getRuntime().availableProcessors());
    return out.toString();
  }

  /** {@code slower / faster}: how many times faster the second is; absent when either is. */
  private static void ratio(ObjectNode ratios, String name, Double slower, Double faster) {
    if (slower != null && faster != null && faster > 0) {
      ratios.put(name, round(slower / faster));
    }
  }

  private static double round(double v) {
    return Double.parseDouble(String.format(java.util.Locale.ROOT, "%.4g", v));
  }
}
