package dev.cryptoanomaly.cli;

import dev.cryptoanomaly.config.Settings;
import dev.cryptoanomaly.web.DashboardOptions;
import dev.cryptoanomaly.web.DashboardServer;
import dev.cryptoanomaly.web.DashboardServices;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code dashboard}: the web dashboard, until Ctrl-C. */
@Command(
    name = "dashboard",
    mixinStandardHelpOptions = true,
    description = {
      "Serve the web dashboard: Overview, Data Management, Training, Evaluation and Live"
          + " Detection, with a JSON API under /api. `serve` also runs the scheduler and a worker.",
      "Binding beyond 127.0.0.1 needs an access token (--token or " + Settings.WEB_TOKEN + ")."
    })
final class DashboardCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @Mixin DashboardBind bind;

  @Override
  public Integer call() throws InterruptedException {
    serve(main, bind.options(main.settings()), DashboardServices.none());
    return 0;
  }

  /** Serves until the process is stopped. */
  static void serve(Main main, DashboardOptions options, DashboardServices services)
      throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    try (DashboardServer server =
        DashboardServer.start(main.settings(), main.clock(), options, services)) {
      main.out().println("dashboard: " + server.url() + " (Ctrl-C to stop)");
      main.out().flush();
      Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
      stopped.await();
    }
  }
}
