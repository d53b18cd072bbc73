package dev.cryptoanomaly.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.cryptoanomaly.detect.CovarianceType;

/**
 * One point of a training search: the number of clusters or components and, for the mixture, the
 * covariance type. Both are null for the baselines, which have nothing to search.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrialSettings(Integer clusters, CovarianceType covariance) {
  public static final TrialSettings NONE = new TrialSettings(null, null);

  /** As tracking servers take parameters: {@code clusters -> "4", covariance -> "full"}. */
  public java.util.Map<String, String> params() {
    java.util.Map<String, String> p = new java.util.LinkedHashMap<>();
    if (clusters != null) {
      p.put("clusters", String.valueOf(clusters));
    }
    if (covariance != null) {
      p.put("covariance", covariance.cliName());
    }
    return p;
  }

  /** As tables and logs show it: {@code clusters=4 covariance=full}, or {@code defaults}. */
  @Override
  public String toString() {
    if (clusters == null && covariance == null) {
      return "defaults";
    }
    return (clusters == null ? "" : "clusters=" + clusters)
        + (covariance == null
            ? ""
            : (clusters == null ? "" : " ") + "covariance=" + covariance.cliName());
  }
}
