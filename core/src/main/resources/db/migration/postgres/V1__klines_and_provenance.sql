-- Same model as the embedded store: series interned to a small integer, candles keyed by
-- (series_id, open_time), and the provenance ledger.
CREATE TABLE series (
    id        SERIAL PRIMARY KEY,
    market    TEXT NOT NULL,
    symbol    TEXT NOT NULL,
    interval  TEXT NOT NULL,
    UNIQUE (market, symbol, interval)
);

CREATE TABLE klines (
    series_id        INTEGER          NOT NULL REFERENCES series (id),
    open_time        BIGINT           NOT NULL,
    open             DOUBLE PRECISION NOT NULL,
    high             DOUBLE PRECISION NOT NULL,
    low              DOUBLE PRECISION NOT NULL,
    close            DOUBLE PRECISION NOT NULL,
    volume           DOUBLE PRECISION NOT NULL,
    close_time       BIGINT           NOT NULL,
    quote_volume     DOUBLE PRECISION NOT NULL,
    trades           BIGINT           NOT NULL,
    taker_buy_base   DOUBLE PRECISION NOT NULL,
    taker_buy_quote  DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (series_id, open_time)
);

CREATE TABLE provenance (
    source        TEXT PRIMARY KEY,
    kind          TEXT    NOT NULL,
    market        TEXT    NOT NULL,
    symbol        TEXT    NOT NULL,
    interval      TEXT    NOT NULL,
    period_start  BIGINT  NOT NULL,
    period_end    BIGINT  NOT NULL,
    status        TEXT    NOT NULL,
    checksum      TEXT,
    rows          BIGINT  NOT NULL,
    bad_rows      BIGINT  NOT NULL,
    gaps          BIGINT  NOT NULL,
    detail        TEXT,
    recorded_at   BIGINT  NOT NULL
);

CREATE INDEX provenance_series ON provenance (market, symbol, interval, period_start);
