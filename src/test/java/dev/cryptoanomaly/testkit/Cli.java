package dev.cryptoanomaly.testkit;

import dev.cryptoanomaly.cli.Main;
import dev.cryptoanomaly.config.Settings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/** Runs the real command line in-process with a given environment, capturing its output. */
public final class Cli {
  private Cli() {}

  /** Exit code and what was printed. */
  public record Result(int exit, String out, String err) {}

  public static Result run(Map<String, String> env, Clock clock, String... args) {
    Map<String, String> values = new HashMap<>(env);
    Main main = new Main(() -> Settings.fromMap(values, Path.of("").toAbsolutePath()), clock);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }
}
