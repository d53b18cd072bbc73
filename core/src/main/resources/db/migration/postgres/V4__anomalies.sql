-- Alerts found by a model version, one row per alert at its peak candle (same model as the
-- embedded store's V3). V3 is the Java migration that lays out klines.
CREATE TABLE anomalies (
    series_id      INTEGER          NOT NULL REFERENCES series (id),
    model          TEXT             NOT NULL,
    model_version  INTEGER          NOT NULL,
    open_time      BIGINT           NOT NULL,
    first_hit      BIGINT           NOT NULL,
    last_hit       BIGINT           NOT NULL,
    hits           INTEGER          NOT NULL,
    score          DOUBLE PRECISION NOT NULL,
    probability    DOUBLE PRECISION NOT NULL,
    severity       TEXT             NOT NULL,
    explanation    TEXT             NOT NULL,
    detected_at    BIGINT           NOT NULL,
    PRIMARY KEY (series_id, model, model_version, open_time)
);

CREATE INDEX anomalies_by_time ON anomalies (series_id, open_time);
