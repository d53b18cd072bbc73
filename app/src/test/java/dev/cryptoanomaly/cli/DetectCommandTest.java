package dev.cryptoanomaly.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DetectCommandTest {
  @Test
  void anAlertsExtentReadsAsMinutesAndHours() {
    assertThat(DetectCommand.lasts(5 * 60_000L)).isEqualTo("5m");
    assertThat(DetectCommand.lasts(60 * 60_000L)).isEqualTo("1h");
    assertThat(DetectCommand.lasts(130 * 60_000L)).isEqualTo("2h10m");
  }
}
