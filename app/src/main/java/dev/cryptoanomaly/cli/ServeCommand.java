package dev.cryptoanomaly.cli;

import com.zaxxer.hikari.HikariDataSource;
import dev.cryptoanomaly.config.Settings;
import dev.cryptoanomaly.schedule.JobScheduler;
import dev.cryptoanomaly.schedule.StandardJobs;
import dev.cryptoanomaly.store.Stores;
import dev.cryptoanomaly.stream.ResidentWorker;
import dev.cryptoanomaly.web.DashboardServices;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code serve}: the dashboard, the job scheduler and a detection worker in one process. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Run the dashboard, the job scheduler (hourly update, daily feature refresh, weekly gated"
          + " retrain) and a detection worker together, until Ctrl-C. Job state lives in the"
          + " store, so several `serve` processes on one PostgreSQL store never run a job twice.",
      "Examples: serve | serve --schedule retrain=off --schedule update='0 */15 * * * *'"
    })
final class ServeCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @Mixin DashboardBind bind;

  @Mixin WorkerOptions worker;

  @Option(
      names = "--schedule",
      paramLabel = "JOB=CRON",
      description =
          "Another schedule for a job (update, features, retrain): a cron expression, seconds"
              + " first, in UTC, or 'off'. Repeatable.")
  Map<String, String> schedule = new LinkedHashMap<>();

  @Option(names = "--no-scheduler", description = "Do not run scheduled jobs in this process.")
  boolean noScheduler;

  @Option(
      names = "--no-worker",
      arity = "0..1",
      description =
          "Do not run a detection worker in this process (--no-worker=true|false, for"
              + " deployments that set it from a variable: the Flink job decides instead).")
  boolean noWorker;

  @Override
  public Integer call() throws Exception {
    Settings settings = main.settings();
    var options = bind.options(settings); // refuse a bad bind before starting anything
    var workerOptions = worker.options(main.settings());
    JobScheduler.Options jobOptions = JobScheduler.Options.defaults().withCron(schedule);
    HikariDataSource pool = noScheduler ? null : Stores.pool(settings, "scheduler");
    JobScheduler scheduler = null;
    ResidentWorker resident = null;
    try {
      if (pool != null) {
        scheduler = StandardJobs.scheduler(pool, settings, main.clock(), jobOptions);
        scheduler.start();
        for (JobScheduler.Status s : scheduler.status()) {
          main.out().printf("scheduler: %-8s %s%n", s.job(), s.schedule());
        }
      }
      if (!noWorker) {
        resident =
            new ResidentWorker(
                settings,
                "serve-" + ProcessHandle.current().pid(),
                worker.sinks(settings, main.out()),
                workerOptions,
                main.clock());
        main.out().printf("worker: %s reading %s%n", worker.model, resident.bus().describe());
      }
      DashboardCommand.serve(main, options, new DashboardServices(scheduler, resident));
    } finally {
      if (resident != null) {
        resident.close();
      }
      if (scheduler != null) {
        scheduler.close();
      }
      if (pool != null) {
        pool.close();
      }
    }
    return 0;
  }
}
