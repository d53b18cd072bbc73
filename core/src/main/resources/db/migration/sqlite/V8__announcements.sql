-- Every alert announcement made (opened or escalated), by its key (series, model version, first
-- hit, severity): a candle redelivered after a crash looks here once, before any sink, so the
-- webhook, the console and the alert stream each hear of an alert once.
CREATE TABLE announcements (
  alert_key TEXT PRIMARY KEY,
  announced_at INTEGER NOT NULL
) WITHOUT ROWID;
