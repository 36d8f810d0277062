package dev.cleanroom.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class GaussianNoisyCountTest {
  @Test
  void of_rho_givesSigmaSquaredDeltaSquaredOverTwoRho() {
    GaussianNoisyCount count = GaussianNoisyCount.of(new BigDecimal("0.125"), 2);
    assertThat(count.sigmaSquared()).isEqualTo(Rational.of(16));
  }

  @Test
  void approximateCost_standardConversion_isRoundedUp() {
    GaussianNoisyCount count = GaussianNoisyCount.of(new BigDecimal("0.5"), 1);
    PrivacyCost cost = count.approximateCost(new BigDecimal("1e-6"));
    double exact = 0.5 + 2 * Math.sqrt(0.5 * Math.log(1e6));
    assertThat(cost.epsilon().doubleValue()).isGreaterThan(exact).isLessThan(exact + 3e-9);
    assertThat(cost.delta()).isEqualByComparingTo("1e-6");
  }

  @Test
  void release_manyTimes_errorHasVarianceSigmaSquared() {
    GaussianNoisyCount count = GaussianNoisyCount.of(new BigDecimal("0.125"), 2);
    RandomSource random = RandomSource.insecureSeededForTests(707);
    int n = 40_000;
    long[] errors = new long[n];
    for (int i = 0; i < n; i++) {
      errors[i] = count.release(random, 10) - 10;
    }
    // Gaussian kurtosis 3: the sample variance has standard error sigma^2 sqrt(2 / n).
    assertThat(Math.abs(SampleStatistics.of(errors).variance() - 16)).isLessThan(5 * 16 * Math.sqrt(2.0 / n));
  }
}
