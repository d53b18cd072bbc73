-- Coverage kept as the store is written (first, last, candle count and the gaps of each series),
-- so pages and status read a few rows instead of walking every candle. Filled by the store on
-- write; a series written before this table existed is summarised on its first read.
CREATE TABLE series_summary (
    series_id        INTEGER NOT NULL PRIMARY KEY,
    first_open_time  BIGINT  NOT NULL,
    last_open_time   BIGINT  NOT NULL,
    candles          BIGINT  NOT NULL
);

CREATE TABLE series_gaps (
    series_id  INTEGER NOT NULL,
    from_time  BIGINT  NOT NULL,
    to_time    BIGINT  NOT NULL,
    missing    BIGINT  NOT NULL,
    PRIMARY KEY (series_id, from_time)
);
