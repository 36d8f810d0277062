package dev.cleanroom.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cleanroom.core.CleanroomException;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Statistical tests of the discrete Gaussian sampler against its exact pmf, normalised numerically over
 * {@code ±(14 sigma + 2)}; same thresholds as {@link DiscreteLaplaceTest}.
 */
class DiscreteGaussianTest {
  @ParameterizedTest
  @ValueSource(strings = {"1", "4", "25", "1/2", "2.25"})
  void discreteGaussian_manySamples_matchExactPmf(String sigmaSquaredText) {
    Rational sigmaSquared = DiscreteLaplaceTest.parse(sigmaSquaredText);
    RandomSource random = RandomSource.insecureSeededForTests(31L * sigmaSquaredText.hashCode());
    int n = DiscreteLaplaceTest.SAMPLES;
    long[] samples = new long[n];
    for (int i = 0; i < n; i++) {
      samples[i] = DiscreteGaussian.sample(random, sigmaSquared);
    }
    GoodnessOfFit expected = GoodnessOfFit.discreteGaussian(sigmaSquared.toDouble());
    SampleStatistics observed = SampleStatistics.of(samples);

    assertThat(expected.pValue(samples)).isGreaterThanOrEqualTo(DiscreteLaplaceTest.REJECT_BELOW);
    assertThat(Math.abs(observed.mean())).isLessThan(5 * Math.sqrt(expected.variance() / n));
    assertThat(Math.abs(observed.variance() - expected.variance()))
        .isLessThan(5 * expected.sampleVarianceStandardError(n));
  }

  @Test
  void discreteGaussian_largeSigma_varianceIsCloseToSigmaSquared() {
    // For sigma >= 1 the discrete Gaussian's variance is within 1e-10 of sigma^2 (the theta-function correction
    // is of order exp(-2 pi^2 sigma^2)).
    assertThat(GoodnessOfFit.discreteGaussian(25).variance()).isCloseTo(25, Offset.offset(1e-9));
  }

  @Test
  void discreteGaussian_nonPositiveSigmaSquared_isRefused() {
    assertThatThrownBy(() -> DiscreteGaussian.sample(RandomSource.insecureSeededForTests(1), Rational.ZERO))
        .isInstanceOf(CleanroomException.class);
  }
}
