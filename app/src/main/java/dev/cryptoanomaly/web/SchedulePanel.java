package dev.cryptoanomaly.web;

import dev.cryptoanomaly.schedule.JobRun;
import dev.cryptoanomaly.schedule.JobScheduler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scheduled jobs on the Overview: each job's schedule, next and last run, the recent run
 * history from the store, and "run now", which makes a job due for whichever scheduler instance
 * claims it first.
 */
final class SchedulePanel {
  private static final int RUNS_SHOWN = 20;
  private final Dashboard d;

  SchedulePanel(Dashboard d) {
    this.d = d;
  }

  Map<String, Object> model() {
    JobScheduler scheduler = d.scheduler();
    Map<String, Object> out = new LinkedHashMap<>();
    boolean here = d.services.scheduler() != null;
    out.put("here", here);
    out.put(
        "note",
        here
            ? "the scheduler runs in this process (" + scheduler.instance() + ")"
            : "no scheduler runs in this process; `crypto-anomaly serve` runs one, and jobs"
                + " started here wait for it");
    List<Map<String, Object>> jobs = new ArrayList<>();
    for (JobScheduler.Status s : scheduler.status()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("job", s.job());
      m.put("description", s.description());
      m.put("schedule", here ? s.schedule() : null);
      m.put("next", s.nextRun() == null ? null : s.nextRun().toString());
      m.put("running", s.running());
      m.put("runningOn", s.runningOn());
      m.put("failures", s.consecutiveFailures());
      m.put("last", s.lastRun() == null ? null : s.lastRun().toMap());
      jobs.add(m);
    }
    out.put("jobs", jobs);
    out.put(
        "runs", scheduler.history().recent(null, RUNS_SHOWN).stream().map(JobRun::toMap).toList());
    return out;
  }

  Map<String, Object> runNow(String job) {
    return Map.of("job", job, "due", d.scheduler().runNow(job).toString());
  }
}
