package dev.cryptoanomaly.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cryptoanomaly.UserException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KafkaSettingsTest {
  private static Settings.Kafka with(Map<String, String> values) {
    return Settings.fromMap(values, Path.of("/tmp")).kafka();
  }

  @Test
  void unsetMeansNoKafkaAndTheDefaultTopics() {
    Settings.Kafka k = with(Map.of());
    assertThat(k.bootstrapServers()).isEmpty();
    assertThat(k.partitions()).isEqualTo(16);
    assertThat(k.replication()).isEmpty();
    assertThat(k.candlesTopic()).isEqualTo("crypto-anomaly.candles");
    assertThat(k.alertsTopic()).isEqualTo("crypto-anomaly.alerts");
  }

  @Test
  void everySettingIsRead() {
    Settings.Kafka k =
        with(
            Map.of(
                Settings.KAFKA_BOOTSTRAP_SERVERS, "k1:9092,k2:9092",
                Settings.KAFKA_PARTITIONS, "48",
                Settings.KAFKA_REPLICATION, "3",
                Settings.KAFKA_TOPIC_PREFIX, "prod.crypto-anomaly."));
    assertThat(k.bootstrapServers()).contains("k1:9092,k2:9092");
    assertThat(k.partitions()).isEqualTo(48);
    assertThat(k.replication()).isEqualTo(Optional.of((short) 3));
    assertThat(k.candlesTopic()).isEqualTo("prod.crypto-anomaly.candles");
  }

  @Test
  void badValuesAreOneLineNamingTheSetting() {
    assertThatThrownBy(() -> with(Map.of(Settings.KAFKA_PARTITIONS, "0")))
        .isInstanceOf(UserException.class)
        .hasMessage(
            "CRYPTO_ANOMALY_KAFKA__PARTITIONS must be a whole number from 1 to 10000, got '0'");
    assertThatThrownBy(() -> with(Map.of(Settings.KAFKA_REPLICATION, "three")))
        .isInstanceOf(UserException.class)
        .hasMessage(
            "CRYPTO_ANOMALY_KAFKA__REPLICATION must be a whole number from 1 to 32767, got"
                + " 'three'");
    assertThatThrownBy(() -> with(Map.of(Settings.KAFKA_TOPIC_PREFIX, "a topic/")))
        .isInstanceOf(UserException.class)
        .hasMessageStartingWith("CRYPTO_ANOMALY_KAFKA__TOPIC_PREFIX may hold only");
  }
}
