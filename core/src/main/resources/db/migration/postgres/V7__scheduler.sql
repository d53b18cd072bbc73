-- db-scheduler's table (its PostgreSQL layout): one row per scheduled job execution; a scheduler
-- instance claims a due row by bumping its version, so two instances never run it twice.
CREATE TABLE scheduled_tasks (
  task_name text NOT NULL,
  task_instance text NOT NULL,
  task_data bytea,
  execution_time timestamp with time zone,
  picked boolean NOT NULL,
  picked_by text,
  last_success timestamp with time zone,
  last_failure timestamp with time zone,
  consecutive_failures int,
  last_heartbeat timestamp with time zone,
  version bigint NOT NULL,
  priority smallint,
  PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time);
CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat);
CREATE INDEX priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC);

-- Run history of the scheduled jobs (times in epoch milliseconds, UTC).
CREATE TABLE job_runs (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  job text NOT NULL,
  instance text NOT NULL,
  attempt int NOT NULL,
  scheduled_for bigint NOT NULL,
  started_at bigint NOT NULL,
  ended_at bigint,
  outcome text NOT NULL,
  summary text,
  error text
);
CREATE INDEX job_runs_by_job ON job_runs (job, started_at);
