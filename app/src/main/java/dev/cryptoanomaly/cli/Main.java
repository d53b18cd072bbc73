package dev.cryptoanomaly.cli;

import dev.cryptoanomaly.Messages;
import dev.cryptoanomaly.OperationalException;
import dev.cryptoanomaly.UserException;
import dev.cryptoanomaly.config.Settings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code crypto-anomaly} command. This is the one place that turns failures into exit codes: a
 * {@link UserException} or a bad argument prints one line and exits 2; anything else is a bug and
 * exits 1.
 */
@Command(
    name = "crypto-anomaly",
    mixinStandardHelpOptions = true,
    version = "crypto-anomaly " + dev.cryptoanomaly.AppVersion.VERSION,
    description = "Collects Binance klines and flags anomalous candles with unsupervised models.",
    subcommands = {
      CollectCommand.class,
      UpdateCommand.class,
      ImportCommand.class,
      StatusCommand.class,
      FeaturesCommand.class,
      TrainCommand.class,
      ModelsCommand.class,
      DetectCommand.class,
      EvaluateCommand.class,
      DriftCommand.class,
      StreamCommand.class,
      WorkerCommand.class,
      FlinkCommand.class,
      AlertsCommand.class,
      IncidentsCommand.class,
      SymbolsCommand.class,
      DemoCommand.class,
      DashboardCommand.class,
      ServeCommand.class,
      JobsCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  private final Supplier<Settings> settings;
  private final Clock clock;
  private Settings loaded;
  private PrintWriter out = utf8(System.out);
  private PrintWriter err = utf8(System.err);

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public Main(Supplier<Settings> settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  /** Settings, loaded on first use so that {@code --help} works with a broken {@code .env}. */
  Settings settings() {
    if (loaded == null) {
      loaded = settings.get();
    }
    return loaded;
  }

  Clock clock() {
    return clock;
  }

  PrintWriter out() {
    return out;
  }

  PrintWriter err() {
    return err;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    Main main = new Main(() -> Settings.load(Path.of("").toAbsolutePath()), Clock.systemUTC());
    System.exit(main.execute(args, utf8(System.out), utf8(System.err)));
  }

  /** Runs the command line and returns the exit code. */
  public int execute(String[] args, PrintWriter out, PrintWriter err) {
    this.out = out;
    this.err = err;
    CommandLine cli = new CommandLine(this);
    cli.setOut(out);
    cli.setErr(err);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    OptionTypes.register(cli);
    cli.setParameterExceptionHandler(
        (e, a) -> {
          CommandLine c = e.getCommandLine();
          err.println(
              "error: "
                  + dev.cryptoanomaly.Messages.oneLine(e.getMessage())
                  + " (see '"
                  + c.getCommandSpec().qualifiedName()
                  + " --help')");
          err.flush();
          return 2;
        });
    cli.setExecutionExceptionHandler(
        (e, c, parsed) -> {
          Throwable user = userCause(e);
          if (user != null) {
            err.println("error: " + Messages.oneLine(user.getMessage()));
            err.flush();
            return 2;
          }
          OperationalException failed = operationalCause(e);
          if (failed != null) {
            // The store or the registry failed (corrupt, full, gone): the operator's to fix, in
            // one line that names what failed and the cause.
            err.println("error: " + Messages.oneLine(failed.getMessage()));
            err.flush();
            return 2;
          }
          err.println("unexpected error: " + e);
          e.printStackTrace(err);
          err.flush();
          return 1;
        });
    return cli.execute(args);
  }

  private static PrintWriter utf8(java.io.OutputStream stream) {
    return new PrintWriter(
        new java.io.OutputStreamWriter(stream, java.nio.charset.StandardCharsets.UTF_8), true);
  }

  private static OperationalException operationalCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof OperationalException s) {
        return s;
      }
    }
    return null;
  }

  private static Throwable userCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof UserException || t instanceof CommandLine.ParameterException) {
        return t;
      }
    }
    return null;
  }
}
