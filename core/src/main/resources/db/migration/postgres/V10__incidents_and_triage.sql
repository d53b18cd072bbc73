-- Alerts get the short id analysts triage them by (derived from series, model version and first
-- hit; rows stored before this version are given theirs when the store opens).
ALTER TABLE anomalies ADD COLUMN alert_id TEXT;
CREATE INDEX anomalies_by_id ON anomalies (alert_id);

-- Alerts of one detector overlapping in time across symbols, rebuilt over the span a detection
-- touched; members is a JSON array of the alerts (symbol, alert id, first and last hit, peak).
CREATE TABLE incidents (
    incident_id      TEXT    PRIMARY KEY,
    market           TEXT    NOT NULL,
    interval         TEXT    NOT NULL,
    model            TEXT    NOT NULL,
    model_version    INTEGER NOT NULL,
    onset            BIGINT  NOT NULL,
    last_hit         BIGINT  NOT NULL,
    lead_symbol      TEXT    NOT NULL,
    symbols          INTEGER NOT NULL,
    severity         TEXT    NOT NULL,
    scope            TEXT    NOT NULL,
    watched          INTEGER NOT NULL,
    members          TEXT    NOT NULL,
    updated_at       BIGINT  NOT NULL
);
CREATE INDEX incidents_by_source ON incidents (market, interval, model, model_version, onset);
CREATE INDEX incidents_by_onset ON incidents (onset);

-- What analysts said about alerts and incidents: every change is a new row, never an update, so
-- the history stays; the latest row of a target is its state.
CREATE TABLE triage (
    id         BIGSERIAL PRIMARY KEY,
    target     TEXT    NOT NULL,
    state      TEXT    NOT NULL,
    note       TEXT    NOT NULL,
    author     TEXT    NOT NULL,
    at         BIGINT  NOT NULL
);
CREATE INDEX triage_by_target ON triage (target, id);
