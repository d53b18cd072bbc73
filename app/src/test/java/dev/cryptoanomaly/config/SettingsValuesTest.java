package dev.cryptoanomaly.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Settings sent to other machines by name read back to equal settings. */
class SettingsValuesTest {
  @Test
  void theDefaultsRoundTrip() {
    Settings s = Settings.fromMap(Map.of(), Path.of("/srv/app"));
    assertThat(Settings.fromMap(s.toValues(), Path.of("/elsewhere"))).isEqualTo(s);
  }

  @Test
  void everySettingRoundTrips() {
    Map<String, String> all =
        Map.ofEntries(
            Map.entry(Settings.HOME, "/data"),
            Map.entry(Settings.DATABASE_URL, "postgresql://u:p@db:5432/x"),
            Map.entry(Settings.REDIS_URL, "redis://:pw@r:6379"),
            Map.entry(Settings.MLFLOW_TRACKING_URI, "http://mlflow:5000"),
            Map.entry(Settings.ARCHIVE_URL, "http://archive.local"),
            Map.entry(Settings.API_URL, "http://api.local"),
            Map.entry(Settings.WS_URL, "ws://ws.local:9443"),
            Map.entry(Settings.WEBHOOK_URL, "https://hooks.local/x"),
            Map.entry(Settings.WEB_TOKEN, "t0ken"),
            Map.entry(Settings.S3_ENDPOINT_URL, "http://minio:9000"),
            Map.entry(Settings.S3_ACCESS_KEY, "ak"),
            Map.entry(Settings.S3_SECRET_KEY, "sk"),
            Map.entry(Settings.S3_REGION, "eu-west-1"),
            Map.entry(Settings.TIMESCALE, "true"),
            Map.entry(Settings.DRIFT_RETRAIN_PSI, "0.3"),
            Map.entry(Settings.INCIDENT_MARKET_SHARE, "0.4"),
            Map.entry(Settings.LISTING_URL, "http://listing.local/bucket"),
            Map.entry(Settings.LISTING_TTL, "6h"),
            Map.entry(Settings.GATE_LABELS, "triage"),
            Map.entry(Settings.KAFKA_BOOTSTRAP_SERVERS, "k1:9092,k2:9092"),
            Map.entry(Settings.KAFKA_PARTITIONS, "32"),
            Map.entry(Settings.KAFKA_REPLICATION, "3"),
            Map.entry(Settings.KAFKA_TOPIC_PREFIX, "prod."));
    Settings s = Settings.fromMap(all, Path.of("/srv/app"));
    assertThat(Settings.fromMap(s.toValues(), Path.of("/elsewhere"))).isEqualTo(s);
    assertThat(s.toValues().keySet()).containsExactlyInAnyOrderElementsOf(all.keySet());
  }
}
