package dev.cryptoanomaly.cli;

import dev.cryptoanomaly.web.DashboardOptions;
import dev.cryptoanomaly.web.DashboardServer;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code dashboard}: the web dashboard, until Ctrl-C. */
@Command(
    name = "dashboard",
    mixinStandardHelpOptions = true,
    description = {
      "Serve the web dashboard: Overview, Data Management, Training, Evaluation and Live"
          + " Detection, with a JSON API under /api.",
      "Binding beyond 127.0.0.1 needs an access token (--token or "
          + DashboardServer.TOKEN_SETTING
          + ")."
    })
final class DashboardCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @Option(
      names = "--host",
      defaultValue = DashboardOptions.DEFAULT_HOST,
      description = "Address to bind (default ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--port", defaultValue = "8501", description = "Port (default ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--token",
      description = "Access token (default: " + DashboardServer.TOKEN_SETTING + ").")
  String token;

  @Override
  public Integer call() throws InterruptedException {
    serve(main, host, port, token);
    return 0;
  }

  /** Serves until the process is stopped. */
  static void serve(Main main, String host, int port, String token) throws InterruptedException {
    String t = token != null ? token : System.getenv(DashboardServer.TOKEN_SETTING);
    DashboardOptions options = new DashboardOptions(host, port, t);
    CountDownLatch stopped = new CountDownLatch(1);
    try (DashboardServer server = DashboardServer.start(main.settings(), main.clock(), options)) {
      main.out().println("dashboard: " + server.url() + " (Ctrl-C to stop)");
      main.out().flush();
      Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
      stopped.await();
    }
  }
}
