package dev.cryptoanomaly.train;

import dev.cryptoanomaly.alert.ScoreCalibration;
import dev.cryptoanomaly.model.Trial;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG plots of a training run, rendered headless with XChart: tuning curves (each metric against
 * the number of clusters, one line per covariance type) and the score distribution on validation
 * rows as its tail probability, with the alert threshold.
 */
public final class TrainingPlots {
  private static final List<String> CURVES =
      List.of("injected_recall", "injected_auc", "bic", "silhouette", "davies_bouldin");

  private TrainingPlots() {}

  public static Map<String, byte[]> render(Trainer.Result result) {
    System.setProperty("java.awt.headless", "true");
    Map<String, byte[]> out = new LinkedHashMap<>();
    for (String metric : CURVES) {
      XYChart chart = tuning(result.trials(), metric);
      if (chart != null) {
        out.put("tuning-" + metric + ".png", png(chart));
      }
    }
    out.put(
        "scores.png",
        png(scores(result.model().calibration().pooled(), result.model().policy().threshold())));
    return out;
  }

  private static XYChart tuning(List<Trial> trials, String metric) {
    Map<String, TreeMap<Integer, Double>> lines = new LinkedHashMap<>();
    for (Trial t : trials) {
      Integer clusters = t.settings().clusters();
      Double v = t.metrics().get(metric);
      if (clusters != null && v != null && Double.isFinite(v)) {
        String line =
            t.settings().covariance() == null ? "kmeans" : t.settings().covariance().cliName();
        lines.computeIfAbsent(line, x -> new TreeMap<>()).put(clusters, v);
      }
    }
    if (lines.isEmpty() || lines.values().stream().allMatch(m -> m.size() < 2)) {
      return null;
    }
    XYChart chart =
        new XYChartBuilder()
            .width(640)
            .height(400)
            .title(metric + " by clusters")
            .xAxisTitle("clusters")
            .yAxisTitle(metric)
            .build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
    lines.forEach(
        (name, points) ->
            chart
                .addSeries(name, new ArrayList<>(points.keySet()), new ArrayList<>(points.values()))
                .setMarker(SeriesMarkers.CIRCLE));
    return chart;
  }

  private static XYChart scores(ScoreCalibration c, double threshold) {
    double[] q = c.quantiles();
    List<Double> x = new ArrayList<>();
    List<Double> y = new ArrayList<>();
    for (int i = 0; i < q.length; i += 10) {
      double p = 1 - i / (double) (q.length - 1);
      if (q[i] >= c.tailStart()) {
        break; // from here on the fitted tail describes the scores
      }
      x.add(q[i]);
      y.add(p);
    }
    for (int i = 0; i <= 20; i++) { // the fitted exponential tail
      double s = c.tailStart() + i * c.tailScale();
      x.add(s);
      y.add(c.tailProbability(s));
    }
    XYChart chart =
        new XYChartBuilder()
            .width(640)
            .height(400)
            .title("validation scores: P(score >= s)")
            .xAxisTitle("score")
            .yAxisTitle("tail probability")
            .build();
    chart.getStyler().setYAxisLogarithmic(true);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
    chart.addSeries("tail probability", x, y).setMarker(SeriesMarkers.NONE);
    double min = x.get(0);
    double max = x.get(x.size() - 1);
    chart
        .addSeries("alert threshold", List.of(min, max), List.of(threshold, threshold))
        .setMarker(SeriesMarkers.NONE);
    return chart;
  }

  private static byte[] png(XYChart chart) {
    try {
      return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
