-- Decisions and their marks without the foreign key to series, as PostgreSQL's have always been.
-- Checking it cost a lookup in series for every decision row and mark a worker writes: about a
-- quarter of the embedded store's write of a batch (stream benchmark at 2,000 symbols: Redis
-- flood 165-195k candles/s with the check, 205-275k without). The store is the only writer of
-- series_id and interns the series in the same transaction, and series are never deleted.
CREATE TABLE decisions_v7 (
    model          TEXT    NOT NULL,
    model_version  INTEGER NOT NULL,
    open_time      INTEGER NOT NULL,
    series_id      INTEGER NOT NULL,
    score          REAL,
    probability    REAL,
    hit            INTEGER NOT NULL,
    exclusion      TEXT,
    alert          TEXT,
    published_at   INTEGER,
    decided_at     INTEGER NOT NULL,
    PRIMARY KEY (model, model_version, open_time, series_id)
) WITHOUT ROWID;

INSERT INTO decisions_v7 (model, model_version, open_time, series_id, score, probability, hit,
                          exclusion, alert, published_at, decided_at)
SELECT model, model_version, open_time, series_id, score, probability, hit, exclusion, alert,
       published_at, decided_at
FROM decisions;

DROP TABLE decisions;
ALTER TABLE decisions_v7 RENAME TO decisions;

CREATE TABLE decision_marks_v7 (
    series_id      INTEGER NOT NULL,
    model          TEXT    NOT NULL,
    model_version  INTEGER NOT NULL,
    last_open_time INTEGER NOT NULL,
    PRIMARY KEY (series_id, model, model_version)
) WITHOUT ROWID;

INSERT INTO decision_marks_v7 (series_id, model, model_version, last_open_time)
SELECT series_id, model, model_version, last_open_time
FROM decision_marks;

DROP TABLE decision_marks;
ALTER TABLE decision_marks_v7 RENAME TO decision_marks;
