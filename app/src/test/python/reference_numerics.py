"""Reference values for the hand-written numerics, computed by scikit-learn on small fixed inputs.

ReferenceNumericsTest (Java) builds the same inputs from the same formulas and compares with the
values this prints; run it again and paste its output there when an input changes:

    python src/test/python/reference_numerics.py
"""

import math

import numpy as np
import sklearn
from sklearn.metrics import (
    calinski_harabasz_score,
    davies_bouldin_score,
    roc_auc_score,
    silhouette_score,
)
from sklearn.mixture import GaussianMixture
from sklearn.mixture._gaussian_mixture import _compute_precision_cholesky
from sklearn.preprocessing import RobustScaler


def clusters():
    # 30 rows in 3 dimensions, labels 0..2 (a fourth, empty regime is on the Java side only).
    label = np.array([i % 3 for i in range(30)])
    z = np.array(
        [
            [math.sin(1.3 * i + 0.7 * j) + (2.0 * label[i] if j == 0 else 0.0) for j in range(3)]
            for i in range(30)
        ]
    )
    return z, label


def auc_inputs():
    neg = [math.floor(math.sin(2.1 * i) * 5) / 5 for i in range(25)]
    pos = [math.floor(math.sin(1.7 * i) * 5) / 5 + 0.4 for i in range(12)]
    return neg, pos


def scaler_input():
    return np.array([[math.exp(math.sin(0.9 * i + j)) * (j + 1) for j in range(3)] for i in range(41)])


def mixture():
    weights = np.array([0.3, 0.7])
    means = np.array([[0.0, 0.0], [1.0, 2.0]])
    cov = np.array([[[1.0, 0.3], [0.3, 0.5]], [[0.4, -0.1], [-0.1, 0.8]]])
    points = np.array([[0.0, 0.0], [1.0, 2.0], [-1.5, 3.0], [4.0, -2.0], [0.5, 1.0]])
    return weights, means, cov, points


def main():
    print("scikit-learn", sklearn.__version__, "numpy", np.__version__)
    z, label = clusters()
    print("silhouette", repr(silhouette_score(z, label)))
    print("davies_bouldin", repr(davies_bouldin_score(z, label)))
    print("calinski_harabasz", repr(calinski_harabasz_score(z, label)))
    neg, pos = auc_inputs()
    y = [0] * len(neg) + [1] * len(pos)
    print("roc_auc", repr(roc_auc_score(y, neg + pos)))
    s = RobustScaler(unit_variance=True).fit(scaler_input())
    print("robust_center", [float(v) for v in s.center_])
    print("robust_scale", [float(v) for v in s.scale_])
    weights, means, cov, points = mixture()
    for kind, c in (("full", cov), ("diag", np.array([np.diag(m) for m in cov]))):
        g = GaussianMixture(n_components=2, covariance_type=kind)
        g.weights_, g.means_, g.covariances_ = weights, means, c
        g.precisions_cholesky_ = _compute_precision_cholesky(c, kind)
        print("gmm_" + kind, [float(v) for v in g.score_samples(points)])


if __name__ == "__main__":
    main()
