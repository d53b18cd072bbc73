-- Feature sets are named by their key (registry version and feature names, e.g. v1:volatility,...).
CREATE TABLE feature_sets (
    id   INTEGER PRIMARY KEY,
    key  TEXT NOT NULL UNIQUE
);

-- One row per candle and feature set; values are little-endian doubles in the set's order (NaN where
-- a feature could not be computed). exclusion is NULL when the row may reach a model.
CREATE TABLE features (
    series_id       INTEGER NOT NULL REFERENCES series (id),
    feature_set_id  INTEGER NOT NULL REFERENCES feature_sets (id),
    open_time       INTEGER NOT NULL,
    exclusion       TEXT,
    vals            BLOB    NOT NULL,
    PRIMARY KEY (series_id, feature_set_id, open_time)
) WITHOUT ROWID;
