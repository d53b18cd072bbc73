package dev.cryptoanomaly.store;

import dev.cryptoanomaly.alert.AlertIds;
import dev.cryptoanomaly.kline.SeriesKey;

/** A stored alert with its series, for feeds across all series. */
public record SeriesAnomaly(SeriesKey series, StoredAnomaly anomaly) {
  /** The id analysts triage it by. */
  public String id() {
    return AlertIds.alert(series, anomaly.model(), anomaly.modelVersion(), anomaly.firstHit());
  }
}
