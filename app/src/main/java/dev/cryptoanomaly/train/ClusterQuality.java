package dev.cryptoanomaly.train;

import dev.cryptoanomaly.detect.FeatureMatrix;
import dev.cryptoanomaly.detect.RegimeModel;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How well a model's regimes separate held-out rows, in its scaled space: silhouette (-1 to 1,
 * higher is better), Davies-Bouldin (0 and up, lower is better) and Calinski-Harabasz (higher is
 * better), as scikit-learn defines them. Silhouette is quadratic in rows, so callers pass a sample.
 */
public final class ClusterQuality {
  private ClusterQuality() {}

  public static Map<String, Double> of(RegimeModel model, FeatureMatrix sample) {
    int n = sample.rows();
    double[][] z = new double[n][];
    int[] label = new int[n];
    for (int i = 0; i < n; i++) {
      double[] row = sample.row(i);
      z[i] = model.scaled(row);
      label[i] = model.regime(row);
    }
    return of(z, label, model.regimes());
  }

  /**
   * The measures of rows {@code z} labelled {@code 0..k-1}; regimes no row fell in are left out.
   */
  static Map<String, Double> of(double[][] z, int[] label, int k) {
    int n = z.length;
    int d = n == 0 ? 0 : z[0].length;
    int[] size = new int[k];
    double[][] centre = new double[k][d];
    double[] overall = new double[d];
    for (int i = 0; i < n; i++) {
      size[label[i]]++;
      for (int j = 0; j < d; j++) {
        centre[label[i]][j] += z[i][j];
        overall[j] += z[i][j];
      }
    }
    for (int c = 0; c < k; c++) {
      for (int j = 0; j < d; j++) {
        centre[c][j] = size[c] > 0 ? centre[c][j] / size[c] : 0;
      }
    }
    for (int j = 0; j < d; j++) {
      overall[j] /= n;
    }
    int used = 0;
    for (int s : size) {
      used += s > 0 ? 1 : 0;
    }
    Map<String, Double> out = new LinkedHashMap<>();
    out.put("silhouette", silhouette(z, label, size, k));
    out.put("davies_bouldin", daviesBouldin(z, label, size, centre));
    out.put("calinski_harabasz", calinskiHarabasz(z, label, size, centre, overall, used));
    out.put("regimes_used", (double) used);
    return out;
  }

  private static double distance(double[] a, double[] b) {
    double s = 0;
    for (int j = 0; j < a.length; j++) {
      double delta = a[j] - b[j];
      s += delta * delta;
    }
    return Math.sqrt(s);
  }

  private static double silhouette(double[][] z, int[] label, int[] size, int k) {
    int n = z.length;
    double total = 0;
    for (int i = 0; i < n; i++) {
      if (size[label[i]] <= 1) {
        continue; // scikit-learn: 0 for a point alone in its cluster
      }
      double[] sum = new double[k];
      for (int m = 0; m < n; m++) {
        if (m != i) {
          sum[label[m]] += distance(z[i], z[m]);
        }
      }
      double a = sum[label[i]] / (size[label[i]] - 1);
      double b = Double.MAX_VALUE;
      for (int c = 0; c < k; c++) {
        if (c != label[i] && size[c] > 0) {
          b = Math.min(b, sum[c] / size[c]);
        }
      }
      if (b == Double.MAX_VALUE) {
        continue;
      }
      total += (b - a) / Math.max(a, b);
    }
    return total / n;
  }

  private static double daviesBouldin(double[][] z, int[] label, int[] size, double[][] centre) {
    int k = centre.length;
    double[] scatter = new double[k];
    for (int i = 0; i < z.length; i++) {
      scatter[label[i]] += distance(z[i], centre[label[i]]);
    }
    double total = 0;
    int used = 0;
    for (int c = 0; c < k; c++) {
      if (size[c] == 0) {
        continue;
      }
      scatter[c] /= size[c];
    }
    for (int c = 0; c < k; c++) {
      if (size[c] == 0) {
        continue;
      }
      used++;
      double worst = 0;
      for (int o = 0; o < k; o++) {
        if (o != c && size[o] > 0) {
          double sep = distance(centre[c], centre[o]);
          worst = Math.max(worst, sep > 0 ? (scatter[c] + scatter[o]) / sep : 0);
        }
      }
      total += worst;
    }
    return used > 0 ? total / used : 0;
  }

  private static double calinskiHarabasz(
      double[][] z, int[] label, int[] size, double[][] centre, double[] overall, int used) {
    int n = z.length;
    if (used < 2 || n <= used) {
      return 0;
    }
    double between = 0;
    for (int c = 0; c < centre.length; c++) {
      if (size[c] > 0) {
        double dist = distance(centre[c], overall);
        between += size[c] * dist * dist;
      }
    }
    double within = 0;
    for (int i = 0; i < n; i++) {
      double dist = distance(z[i], centre[label[i]]);
      within += dist * dist;
    }
    return within == 0 ? 0 : (between / (used - 1)) / (within / (n - used));
  }
}
