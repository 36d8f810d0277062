package dev.cleanroom.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cleanroom.core.CleanroomException;
import java.math.BigDecimal;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class RationalTest {
  @Test
  void of_unreducedNegativeDenominator_isNormalised() {
    Rational value = Rational.of(6, -4);
    assertThat(value.numerator()).isEqualTo(BigInteger.valueOf(-3));
    assertThat(value.denominator()).isEqualTo(BigInteger.valueOf(2));
    assertThat(value).isEqualTo(Rational.of(-3, 2)).hasToString("-3/2");
  }

  @Test
  void fromDecimal_decimalText_isExact() {
    assertThat(Rational.fromDecimal("0.1")).isEqualTo(Rational.of(1, 10));
    assertThat(Rational.fromDecimal("1e3")).isEqualTo(Rational.of(1000));
    assertThat(Rational.fromDecimal(new BigDecimal("2.50"))).isEqualTo(Rational.of(5, 2));
    assertThat(Rational.fromDecimal(BigDecimal.valueOf(0.1))).isEqualTo(Rational.of(1, 10));
  }

  @Test
  void arithmetic_tenTimesOneTenth_isExactlyOne() {
    Rational sum = Rational.ZERO;
    for (int i = 0; i < 10; i++) {
      sum = sum.add(Rational.fromDecimal("0.1"));
    }
    assertThat(sum).isEqualTo(Rational.ONE);
    assertThat(Rational.of(3, 4).multiply(Rational.of(2, 3))).isEqualTo(Rational.of(1, 2));
    assertThat(Rational.of(3, 4).divide(Rational.of(3, 8))).isEqualTo(Rational.of(2));
    assertThat(Rational.of(1, 3).subtract(Rational.of(1, 2))).isEqualTo(Rational.of(-1, 6));
  }

  @Test
  void floorAndCeiling_negativeAndPositive_roundTheRightWay() {
    assertThat(Rational.of(7, 2).floor()).isEqualTo(BigInteger.valueOf(3));
    assertThat(Rational.of(-7, 2).floor()).isEqualTo(BigInteger.valueOf(-4));
    assertThat(Rational.of(-7, 2).ceiling()).isEqualTo(BigInteger.valueOf(-3));
    assertThat(Rational.of(4).floor()).isEqualTo(BigInteger.valueOf(4));
    assertThat(Rational.of(1, 3).compareTo(Rational.of(1, 2))).isNegative();
  }

  @Test
  void of_zeroDenominatorOrBadText_throws() {
    assertThatThrownBy(() -> Rational.of(1, 0)).isInstanceOf(CleanroomException.class);
    assertThatThrownBy(() -> Rational.fromDecimal("one half")).isInstanceOf(CleanroomException.class);
    assertThatThrownBy(() -> Rational.ONE.divide(Rational.ZERO)).isInstanceOf(CleanroomException.class);
  }
}
