package dev.cryptoanomaly;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class NumbersTest {
  @Test
  void significantDigitsWithSeparatorsAndNoExponent() {
    assertThat(Numbers.format(1_234_567.8)).isEqualTo("1,235,000");
    assertThat(Numbers.format(0.00123456)).isEqualTo("0.001235");
    assertThat(Numbers.format(12.5)).isEqualTo("12.5");
    assertThat(Numbers.format(2)).isEqualTo("2");
    assertThat(Numbers.format(-0.5)).isEqualTo("-0.5");
    assertThat(Numbers.format(1e-12)).isEqualTo("0.000000000001");
    assertThat(Numbers.format(Double.NaN)).isEqualTo("-");
    assertThat(Numbers.count(2_592_000)).isEqualTo("2,592,000");
    assertThat(Numbers.instant(1_722_816_000_123L)).isEqualTo("2024-08-05T00:00:00Z");
  }

  @Test
  void probabilitiesShowTheirDecade() {
    assertThat(Numbers.change(-0.0321)).isEqualTo("-3.21%");
    assertThat(Numbers.change(0.125)).isEqualTo("+12.5%");
    assertThat(Numbers.change(0)).isEqualTo("0%");
    assertThat(Numbers.change(-0.0005345)).isEqualTo("-0.05%");
    assertThat(Numbers.change(0.00004)).isEqualTo("0%");
    assertThat(Numbers.change(12.5)).isEqualTo("+1,250%");
    assertThat(Numbers.change(Double.NaN)).isEqualTo("-");
    assertThat(Numbers.probability(0.5)).isEqualTo("0.5");
    assertThat(Numbers.probability(0.012345)).isEqualTo("0.01235");
    assertThat(Numbers.probability(0.001)).isEqualTo("0.001");
    assertThat(Numbers.probability(3.24e-5)).isEqualTo("3.2e-5");
    assertThat(Numbers.probability(9.96e-5)).isEqualTo("1.0e-4");
    assertThat(Numbers.probability(2.85e-68)).isEqualTo("2.9e-68");
    assertThat(Numbers.probability(0)).isEqualTo("0");
    assertThat(Numbers.probability(Double.NaN)).isEqualTo("-");
  }

  @Property
  void probabilitiesAreAPlainNumberOrMantissaAndDecade(@ForAll double p) {
    assertThat(Numbers.probability(p))
        .matches("-|-?[0-9,]+(\\.[0-9]+)?|-?[0-9]\\.[0-9]e-?[0-9]+|∞|-∞");
  }

  @Property
  void neverAnExponentNorNaN(@ForAll double value) {
    assertThat(Numbers.format(value)).doesNotContain("E").doesNotContain("NaN");
  }
}
