package dev.cryptoanomaly.binance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChecksumsTest {
  static final String HASH = "0757f0b5c8d1e4a6a2f94e3b5a1c7d8e9f0a1b2c3d4e5f60718293a4b5c62da3";

  @Test
  void readsSha256sumLinesWithOrWithoutTrailingNewline() {
    assertThat(Checksums.parse(HASH + "  BTCUSDT-1m-2017-08.zip")).contains(HASH);
    assertThat(Checksums.parse(HASH + "  BTCUSDT-1m-2017-08.zip\n")).contains(HASH);
    assertThat(Checksums.parse(HASH.toUpperCase(java.util.Locale.ROOT) + " x.zip")).contains(HASH);
  }

  @Test
  void rejectsAnythingElse() {
    assertThat(Checksums.parse("<html>not found</html>")).isEmpty();
    assertThat(Checksums.parse("")).isEmpty();
  }
}
