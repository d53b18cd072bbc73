"""The original implementation's approach to features: pandas rolling windows over a DataFrame.

Reads the candles the Java benchmark wrote (CSV), computes the same feature set per symbol with
pandas, times only the computation, writes the values (float64, row-major, rows in input order)
for the Java side to compare, and prints one JSON line.
"""
import json
import sys
import time

import numpy as np
import pandas as pd

FEATURES = [
    "volatility", "log_return", "volume_ratio", "volatility_ratio", "return_std", "price_range",
    "taker_buy_ratio", "trade_count_ratio", "return_zscore", "rsi", "vwap_distance",
    "upper_wick", "lower_wick", "market_relative_return", "return_robust_zscore",
]


def features(df: pd.DataFrame) -> pd.DataFrame:
    o, h, l, c, v = df["open"], df["high"], df["low"], df["close"], df["volume"]
    out = pd.DataFrame(index=df.index)
    vol = (h - l) / o
    r = np.log(c / c.shift(1))
    out["volatility"] = vol
    out["log_return"] = r
    out["volume_ratio"] = v / v.rolling(10).mean().shift(1)
    out["volatility_ratio"] = vol / vol.rolling(10).mean().shift(1)
    out["return_std"] = r.rolling(10).std()
    out["price_range"] = (h - l) / c
    out["taker_buy_ratio"] = df["taker_buy"] / v
    trades = df["trades"]
    out["trade_count_ratio"] = trades / trades.rolling(10).mean().shift(1)
    out["return_zscore"] = (r - r.rolling(20).mean().shift(1)) / r.rolling(20).std().shift(1)
    d = c.diff()
    gains = d.clip(lower=0).rolling(14).sum()
    losses = (-d).clip(lower=0).rolling(14).sum()
    total = gains + losses
    out["rsi"] = (100 * gains / total).where(total != 0, 50.0)
    typical = (h + l + c) / 3
    vwap = (typical * v).rolling(20).sum().shift(1) / v.rolling(20).sum().shift(1)
    out["vwap_distance"] = c / vwap - 1
    rng = h - l
    body_top = np.maximum(o, c)
    body_bottom = np.minimum(o, c)
    out["upper_wick"] = ((h - body_top) / rng).where(rng != 0, 0.0)
    out["lower_wick"] = ((body_bottom - l) / rng).where(rng != 0, 0.0)
    out["return_robust_zscore"] = robust_zscore(r.to_numpy(), 20)
    out["_r"] = r
    return out


def robust_zscore(r: np.ndarray, n: int) -> np.ndarray:
    """(r - median) / (1.4826 MAD) of the previous n values, vectorised over sliding windows."""
    out = np.full(len(r), np.nan)
    if len(r) <= n:
        return out
    windows = np.lib.stride_tricks.sliding_window_view(r[:-1], n)
    median = np.median(windows, axis=1)
    mad = np.median(np.abs(windows - median[:, None]), axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (r[n:] - median) / (1.4826 * mad)
    out[n:] = np.where(mad != 0, z, np.nan)
    return out


def compute(candles: pd.DataFrame) -> pd.DataFrame:
    parts = {s: features(g) for s, g in candles.groupby("symbol", sort=False)}
    reference = parts["BTCUSDT"]["_r"].set_axis(candles.loc[parts["BTCUSDT"].index, "open_time"])
    for s, part in parts.items():
        times = candles.loc[part.index, "open_time"]
        part["market_relative_return"] = part["_r"].values - reference.reindex(times).values
    return pd.concat(parts.values()).loc[candles.index, FEATURES]


def main() -> None:
    source, target, repeats = sys.argv[1], sys.argv[2], int(sys.argv[3])
    candles = pd.read_csv(source)
    best = float("inf")
    result = None
    for _ in range(repeats):
        start = time.perf_counter()
        result = compute(candles)
        best = min(best, time.perf_counter() - start)
    result.to_numpy(dtype=np.float64).tofile(target)
    print(json.dumps({
        "rows": len(candles),
        "features": FEATURES,
        "seconds": best,
        "rows_per_second": len(candles) / best,
        "pandas": pd.__version__,
        "numpy": np.__version__,
    }))


if __name__ == "__main__":
    main()
