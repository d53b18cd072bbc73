-- Series are interned to a small integer so the candle key stays compact.
CREATE TABLE series (
    id        INTEGER PRIMARY KEY,
    market    TEXT NOT NULL,
    symbol    TEXT NOT NULL,
    interval  TEXT NOT NULL,
    UNIQUE (market, symbol, interval)
);

CREATE TABLE klines (
    series_id        INTEGER NOT NULL REFERENCES series (id),
    open_time        INTEGER NOT NULL,
    open             REAL    NOT NULL,
    high             REAL    NOT NULL,
    low              REAL    NOT NULL,
    close            REAL    NOT NULL,
    volume           REAL    NOT NULL,
    close_time       INTEGER NOT NULL,
    quote_volume     REAL    NOT NULL,
    trades           INTEGER NOT NULL,
    taker_buy_base   REAL    NOT NULL,
    taker_buy_quote  REAL    NOT NULL,
    PRIMARY KEY (series_id, open_time)
) WITHOUT ROWID;

-- The provenance ledger: one row per archive file, REST range, imported file or simulated series.
CREATE TABLE provenance (
    source        TEXT PRIMARY KEY,
    kind          TEXT    NOT NULL,
    market        TEXT    NOT NULL,
    symbol        TEXT    NOT NULL,
    interval      TEXT    NOT NULL,
    period_start  INTEGER NOT NULL,
    period_end    INTEGER NOT NULL,
    status        TEXT    NOT NULL,
    checksum      TEXT,
    rows          INTEGER NOT NULL,
    bad_rows      INTEGER NOT NULL,
    gaps          INTEGER NOT NULL,
    detail        TEXT,
    recorded_at   INTEGER NOT NULL
);

CREATE INDEX provenance_series ON provenance (market, symbol, interval, period_start);
