-- db-scheduler's table (its SQLite layout): one row per scheduled job execution; a scheduler
-- instance claims a due row by bumping its version, so two instances never run it twice.
CREATE TABLE scheduled_tasks (
  task_name varchar(100),
  task_instance varchar(100),
  task_data blob,
  execution_time TIMESTAMP,
  picked BIT,
  picked_by varchar(50),
  last_success TIMESTAMP,
  last_failure TIMESTAMP,
  consecutive_failures INT,
  last_heartbeat TIMESTAMP,
  version BIGINT,
  priority SMALLINT,
  PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time);
CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat);
CREATE INDEX priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC);

-- Run history of the scheduled jobs (times in epoch milliseconds, UTC).
CREATE TABLE job_runs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  job TEXT NOT NULL,
  instance TEXT NOT NULL,
  attempt INTEGER NOT NULL,
  scheduled_for BIGINT NOT NULL,
  started_at BIGINT NOT NULL,
  ended_at BIGINT,
  outcome TEXT NOT NULL,
  summary TEXT,
  error TEXT
);
CREATE INDEX job_runs_by_job ON job_runs (job, started_at);
