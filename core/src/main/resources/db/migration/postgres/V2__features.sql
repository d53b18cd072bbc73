CREATE TABLE feature_sets (
    id   SERIAL PRIMARY KEY,
    key  TEXT NOT NULL UNIQUE
);

CREATE TABLE features (
    series_id       INTEGER NOT NULL REFERENCES series (id),
    feature_set_id  INTEGER NOT NULL REFERENCES feature_sets (id),
    open_time       BIGINT  NOT NULL,
    exclusion       TEXT,
    vals            BYTEA   NOT NULL,
    PRIMARY KEY (series_id, feature_set_id, open_time)
);
