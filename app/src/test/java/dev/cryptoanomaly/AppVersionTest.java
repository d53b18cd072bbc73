package dev.cryptoanomaly;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Every version a manifest records is a real version, never the text "null". */
class AppVersionTest {
  @Test
  void everyLibraryHasItsVersion() {
    assertThat(AppVersion.libraries())
        .containsKeys("crypto-anomaly", "java", "jackson-databind", "xchart")
        .allSatisfy((name, version) -> assertThat(version).as(name).matches("\\d+\\.\\d+.*"));
  }
}
