package dev.cryptoanomaly.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cryptoanomaly.UserException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IncidentShareSettingTest {
  private static Settings with(String share) {
    return Settings.fromMap(Map.of(Settings.INCIDENT_MARKET_SHARE, share), Path.of("/tmp"));
  }

  @Test
  void theShareDefaultsToAMajorityAndMustBeAShare() {
    assertThat(Settings.fromMap(Map.of(), Path.of("/tmp")).incidentRule().marketShare())
        .isEqualTo(0.5);
    assertThat(with("0.3").incidentRule().marketShare()).isEqualTo(0.3);
    assertThat(with("1").incidentRule().referenceSymbol()).isEqualTo("BTCUSDT");
    assertThatThrownBy(() -> with("1.5"))
        .isInstanceOf(UserException.class)
        .hasMessageContaining(Settings.INCIDENT_MARKET_SHARE)
        .hasMessageContaining("at most 1");
    assertThatThrownBy(() -> with("half"))
        .isInstanceOf(UserException.class)
        .hasMessageContaining(Settings.INCIDENT_MARKET_SHARE);
  }
}
