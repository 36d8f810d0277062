package dev.cleanroom.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cleanroom.core.CleanroomException;
import java.math.BigDecimal;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class NoisyCountTest {
  @Test
  void of_epsilonAndContributions_giveScaleSensitivityOverEpsilon() {
    NoisyCount count = NoisyCount.of(new BigDecimal("0.5"), 2);
    assertThat(count.sensitivity()).isEqualTo(2);
    assertThat(count.noiseScale()).isEqualTo(Rational.of(4));
    assertThat(count.cost()).isEqualTo(PrivacyCost.of("0.5", "0"));
  }

  @Test
  void release_manyTimes_errorHasDiscreteLaplaceVariance() {
    NoisyCount count = NoisyCount.of(new BigDecimal("0.5"), 2);
    RandomSource random = RandomSource.insecureSeededForTests(101);
    int n = 50_000;
    long[] errors = new long[n];
    for (int i = 0; i < n; i++) {
      errors[i] = count.release(random, 1234) - 1234;
    }
    GoodnessOfFit exact = GoodnessOfFit.discreteLaplace(4);
    SampleStatistics observed = SampleStatistics.of(errors);
    // 2 q / (1 - q)^2 with q = exp(-1/4): 31.67, close to 2 t^2 = 32.
    assertThat(exact.variance()).isCloseTo(32, Offset.offset(0.5));
    assertThat(Math.abs(observed.variance() - exact.variance())).isLessThan(5 * exact.sampleVarianceStandardError(n));
    assertThat(Math.abs(observed.mean())).isLessThan(5 * Math.sqrt(exact.variance() / n));
  }

  @Test
  void of_badParameters_throw() {
    assertThatThrownBy(() -> NoisyCount.of(BigDecimal.ZERO, 1)).isInstanceOf(CleanroomException.class);
    assertThatThrownBy(() -> NoisyCount.of(BigDecimal.ONE, 0)).isInstanceOf(CleanroomException.class);
    assertThatThrownBy(() -> NoisyCount.of(BigDecimal.ONE, 1L << 17)).isInstanceOf(CleanroomException.class);
    assertThatThrownBy(() -> NoisyCount.of(new BigDecimal("1e-30"), 1))
        .isInstanceOf(CleanroomException.class).hasMessageContaining("too small");
  }
}
