-- What the stream worker decided for every candle it took (same model as the embedded store's
-- V4). Times: published_at and decided_at are epoch microseconds.
CREATE TABLE decisions (
    series_id      INTEGER          NOT NULL,
    model          TEXT             NOT NULL,
    model_version  INTEGER          NOT NULL,
    open_time      BIGINT           NOT NULL,
    score          DOUBLE PRECISION,
    probability    DOUBLE PRECISION,
    hit            BOOLEAN          NOT NULL,
    exclusion      TEXT,
    alert          TEXT,
    published_at   BIGINT,
    decided_at     BIGINT           NOT NULL,
    PRIMARY KEY (series_id, model, model_version, open_time)
);

CREATE INDEX anomalies_by_group ON anomalies (series_id, model, model_version, first_hit);
