-- What the stream worker decided for every candle it took: score, tail probability, hit, or why
-- the row could not be scored. Keyed like anomalies, so a redelivered candle is stored once; the
-- alert column remembers the alert event (severity) the candle raised, so a redelivery can
-- re-announce it idempotently. Times: published_at and decided_at are epoch microseconds.
CREATE TABLE decisions (
    series_id      INTEGER NOT NULL REFERENCES series (id),
    model          TEXT    NOT NULL,
    model_version  INTEGER NOT NULL,
    open_time      INTEGER NOT NULL,
    score          REAL,
    probability    REAL,
    hit            INTEGER NOT NULL,
    exclusion      TEXT,
    alert          TEXT,
    published_at   INTEGER,
    decided_at     INTEGER NOT NULL,
    PRIMARY KEY (series_id, model, model_version, open_time)
) WITHOUT ROWID;

-- The group state of a restarted worker: the latest alert of a series by first hit.
CREATE INDEX anomalies_by_group ON anomalies (series_id, model, model_version, first_hit);
