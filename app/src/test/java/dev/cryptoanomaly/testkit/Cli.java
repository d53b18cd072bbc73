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

  /** A command that runs until stopped ({@code alerts --follow}), its output readable meanwhile. */
  public static final class Running implements AutoCloseable {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final Thread thread;
    private volatile int exit = -1;

    private Running(Map<String, String> env, Clock clock, String... args) {
      Map<String, String> values = new HashMap<>(env);
      Main main = new Main(() -> Settings.fromMap(values, Path.of("").toAbsolutePath()), clock);
      thread =
          new Thread(
              () ->
                  exit = main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true)),
              "cli-" + String.join("-", args));
      thread.setDaemon(true);
      thread.start();
    }

    public String out() {
      return out.toString();
    }

    /** Interrupts it, as Ctrl-C would, and returns what it printed. */
    public Result stop() throws InterruptedException {
      thread.interrupt();
      thread.join(10_000);
      return new Result(exit, out.toString(), err.toString());
    }

    @Override
    public void close() throws InterruptedException {
      stop();
    }
  }

  public static Running start(Map<String, String> env, Clock clock, String... args) {
    return new Running(env, clock, args);
  }

  public static Result run(Map<String, String> env, Clock clock, String... args) {
    Map<String, String> values = new HashMap<>(env);
    Main main = new Main(() -> Settings.fromMap(values, Path.of("").toAbsolutePath()), clock);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }
}
