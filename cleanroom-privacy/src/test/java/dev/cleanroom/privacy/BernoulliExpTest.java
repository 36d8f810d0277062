package dev.cleanroom.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cleanroom.core.CleanroomException;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Frequencies of {@link BernoulliExp} against {@code exp(-gamma)}: the number of successes in {@code n} draws must
 * lie within five binomial standard deviations of {@code n exp(-gamma)} (two-sided false alarm below 6e-7).
 */
class BernoulliExpTest {
  private static final int DRAWS = 100_000;

  @ParameterizedTest
  @ValueSource(strings = {"1/10", "1/2", "1", "7/3", "4", "3/1000000000000000"})
  void bernoulliExp_manyDraws_frequencyMatchesExpMinusGamma(String gammaText) {
    Rational gamma = DiscreteLaplaceTest.parse(gammaText);
    RandomSource random = RandomSource.insecureSeededForTests(gammaText.hashCode());
    int successes = 0;
    for (int i = 0; i < DRAWS; i++) {
      successes += BernoulliExp.sample(random, gamma) ? 1 : 0;
    }
    double p = Math.exp(-gamma.toDouble());
    double standardDeviation = Math.sqrt(DRAWS * p * (1 - p));
    assertThat(Math.abs(successes - DRAWS * p)).isLessThanOrEqualTo(5 * standardDeviation + 1e-9);
  }

  @Test
  void bernoulliExp_zeroGamma_isAlwaysTrue() {
    RandomSource random = RandomSource.insecureSeededForTests(5);
    for (int i = 0; i < 1000; i++) {
      assertThat(BernoulliExp.sample(random, Rational.ZERO)).isTrue();
    }
  }

  @Test
  void bernoulliExp_hugeDenominator_usesExactArithmetic() {
    // 2^70 + 1 in the denominator leaves the long fast path; gamma is about 1/2.
    BigInteger denominator = BigInteger.ONE.shiftLeft(70).add(BigInteger.ONE);
    Rational gamma = Rational.of(BigInteger.ONE.shiftLeft(69), denominator);
    RandomSource random = RandomSource.insecureSeededForTests(11);
    int successes = 0;
    int draws = 20_000;
    for (int i = 0; i < draws; i++) {
      successes += BernoulliExp.sample(random, gamma) ? 1 : 0;
    }
    double p = Math.exp(-gamma.toDouble());
    assertThat(Math.abs(successes - draws * p)).isLessThanOrEqualTo(5 * Math.sqrt(draws * p * (1 - p)));
  }

  @Test
  void bernoulliExp_negativeGamma_isRefused() {
    assertThatThrownBy(() -> BernoulliExp.sample(RandomSource.insecureSeededForTests(1), Rational.of(-1, 2)))
        .isInstanceOf(CleanroomException.class);
  }
}
