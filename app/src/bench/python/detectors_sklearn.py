"""The original implementation's library on the same data as the Java detector benchmark.

Reads the robust-scaled feature matrix the Java side wrote (float64, row-major, n x d), fits
scikit-learn's KMeans and GaussianMixture with the settings the Java side uses, times fits, a
K-Means search over 2..10 clusters and batch scoring, and prints one JSON line.
"""
import json
import sys
import time

import numpy as np
import sklearn
from sklearn.cluster import KMeans
from sklearn.mixture import GaussianMixture


def timed(f):
    t0 = time.perf_counter()
    out = f()
    return out, time.perf_counter() - t0


def best_rate(f, rows, repeats=3):
    best = min(timed(f)[1] for _ in range(repeats))
    return rows / best


def main():
    path, n, d, k = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    starts = int(sys.argv[5]) if len(sys.argv) > 5 else 1
    x = np.fromfile(path, dtype="<f8").reshape(n, d)
    out = {"library": "scikit-learn " + sklearn.__version__, "numpy": np.__version__, "rows": n}

    km, t = timed(lambda: KMeans(n_clusters=k, n_init=1, random_state=42).fit(x))
    out["kmeans_fit_seconds"] = t
    out["kmeans_iterations"] = int(km.n_iter_)
    out["kmeans_inertia"] = float(km.inertia_)
    out["kmeans_fit_best_of_3_seconds"] = min(
        timed(lambda: KMeans(n_clusters=k, n_init=1, random_state=42).fit(x))[1] for _ in range(3))
    out["kmeans_score_rows_per_s"] = best_rate(lambda: km.transform(x).min(axis=1), n)

    _, t = timed(lambda: [KMeans(n_clusters=c, n_init=1, random_state=42).fit(x) for c in range(2, 11)])
    out["kmeans_tuning_2_10_seconds"] = t

    for cov in ("full", "diag"):
        gm, t = timed(lambda: GaussianMixture(n_components=k, covariance_type=cov, random_state=42,
                                              max_iter=100, tol=1e-3, reg_covar=1e-6,
                                              n_init=starts).fit(x))
        out[f"gmm_{cov}_fit_seconds"] = t
        out[f"gmm_{cov}_iterations"] = int(gm.n_iter_)
        out[f"gmm_{cov}_mean_log_likelihood"] = float(gm.score(x))
        out[f"gmm_{cov}_score_rows_per_s"] = best_rate(lambda: gm.score_samples(x), n)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
