-- Decisions keyed by time first, as in the embedded store's V5: a worker's batch (one new candle
-- for each of thousands of series) then appends to a few index pages instead of touching one page
-- per series. The resume point of a series is kept in decision_marks.
ALTER TABLE decisions DROP CONSTRAINT decisions_pkey;
ALTER TABLE decisions ADD PRIMARY KEY (model, model_version, open_time, series_id);

CREATE TABLE decision_marks (
    series_id      INTEGER NOT NULL,
    model          TEXT    NOT NULL,
    model_version  INTEGER NOT NULL,
    last_open_time BIGINT  NOT NULL,
    PRIMARY KEY (series_id, model, model_version)
);

INSERT INTO decision_marks (series_id, model, model_version, last_open_time)
SELECT series_id, model, model_version, MAX(open_time)
FROM decisions
GROUP BY series_id, model, model_version;
