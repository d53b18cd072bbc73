package dev.cryptoanomaly.web;

import dev.cryptoanomaly.schedule.JobScheduler;
import dev.cryptoanomaly.stream.ResidentWorker;

/**
 * What {@code serve} runs beside the dashboard and lends it: the scheduler (whose jobs and history
 * the Overview shows) and the resident worker (which decides what the Live page publishes). Either
 * may be null: the dashboard then reads the job history itself and runs a worker per stream.
 */
public record DashboardServices(JobScheduler scheduler, ResidentWorker worker) {
  public static DashboardServices none() {
    return new DashboardServices(null, null);
  }
}
