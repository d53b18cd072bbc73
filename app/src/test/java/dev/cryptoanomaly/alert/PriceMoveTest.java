package dev.cryptoanomaly.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.cryptoanomaly.kline.Kline;
import java.util.List;
import org.junit.jupiter.api.Test;

class PriceMoveTest {
  private static final long MIN = 60_000;

  private static Kline candle(long t, double open, double close) {
    return new Kline(
        t, open, Math.max(open, close), Math.min(open, close), close, 1, t + MIN - 1, 0, 1, 0, 0);
  }

  @Test
  void fromTheFirstCandlesOpenToTheLastCandlesCloseWithTheCloseAtThePeak() {
    PriceMove move =
        PriceMove.of(
            List.of(candle(0, 100, 98), candle(MIN, 98, 90), candle(2 * MIN, 90, 97)), MIN);
    assertThat(move.open()).isEqualTo(100);
    assertThat(move.close()).isEqualTo(97);
    assertThat(move.change()).isCloseTo(-0.03, within(1e-12));
    assertThat(move.peakClose()).isEqualTo(90);
  }

  @Test
  void noCandlesNoMoveAndAZeroOpenIsUndefinedNotInfinite() {
    assertThat(PriceMove.of(List.of(), 0)).isNull();
    assertThat(PriceMove.of(List.of(candle(0, 0, 5)), 0).change()).isNaN();
  }
}
