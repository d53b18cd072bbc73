-- Alerts found by a model version, one row per alert at its peak candle. Keyed by series, model,
-- version and open time so that re-running detection (or a redelivered stream message) never
-- stores an alert twice.
CREATE TABLE anomalies (
    series_id      INTEGER NOT NULL REFERENCES series (id),
    model          TEXT    NOT NULL,
    model_version  INTEGER NOT NULL,
    open_time      INTEGER NOT NULL,
    first_hit      INTEGER NOT NULL,
    last_hit       INTEGER NOT NULL,
    hits           INTEGER NOT NULL,
    score          REAL    NOT NULL,
    probability    REAL    NOT NULL,
    severity       TEXT    NOT NULL,
    explanation    TEXT    NOT NULL,
    detected_at    INTEGER NOT NULL,
    PRIMARY KEY (series_id, model, model_version, open_time)
) WITHOUT ROWID;

CREATE INDEX anomalies_by_time ON anomalies (series_id, open_time);
