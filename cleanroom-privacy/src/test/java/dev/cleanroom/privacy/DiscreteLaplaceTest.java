package dev.cleanroom.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cleanroom.core.CleanroomException;
import java.math.BigInteger;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Statistical tests of the discrete Laplace sampler against its exact pmf. A fit is rejected when the chi-square
 * p-value is below {@link #REJECT_BELOW}; with a fixed seed the outcome is reproducible, and for a correct sampler
 * a fresh seed would fail with probability 1e-4 per parameter. Mean and variance must lie within five standard
 * errors of the exact values (false alarm below 1e-6 each).
 */
class DiscreteLaplaceTest {
  static final double REJECT_BELOW = 1e-4;
  static final int SAMPLES = 200_000;

  @ParameterizedTest
  @ValueSource(strings = {"1", "3.5", "10", "1/3"})
  void discreteLaplace_manySamples_matchExactPmf(String scaleText) {
    Rational scale = parse(scaleText);
    RandomSource random = RandomSource.insecureSeededForTests(scaleText.hashCode());
    long[] samples = new long[SAMPLES];
    for (int i = 0; i < SAMPLES; i++) {
      samples[i] = DiscreteLaplace.sample(random, scale);
    }
    GoodnessOfFit expected = GoodnessOfFit.discreteLaplace(scale.toDouble());
    SampleStatistics observed = SampleStatistics.of(samples);

    assertThat(expected.pValue(samples)).isGreaterThanOrEqualTo(REJECT_BELOW);
    assertThat(Math.abs(observed.mean())).isLessThan(5 * Math.sqrt(expected.variance() / SAMPLES));
    assertThat(Math.abs(observed.variance() - expected.variance()))
        .isLessThan(5 * expected.sampleVarianceStandardError(SAMPLES));
  }

  @Test
  void discreteLaplace_variance_isTheClosedForm() {
    double t = 3.5;
    double q = Math.exp(-1 / t);
    assertThat(GoodnessOfFit.discreteLaplace(t).variance()).isCloseTo(2 * q / ((1 - q) * (1 - q)),
        Offset.offset(1e-9));
  }

  @Test
  void discreteLaplace_hugeScale_staysCentredWithTheRightSpread() {
    // A numerator beyond the long fast path exercises the BigInteger path.
    Rational scale = Rational.of(BigInteger.ONE.shiftLeft(50).add(BigInteger.ONE),
        BigInteger.valueOf(3));
    RandomSource random = RandomSource.insecureSeededForTests(7);
    int n = 20_000;
    double[] scaled = new double[n];
    for (int i = 0; i < n; i++) {
      scaled[i] = DiscreteLaplace.sample(random, scale) / scale.toDouble();
    }
    SampleStatistics statistics = SampleStatistics.of(scaled);
    // Unit-scale Laplace: variance 2, kurtosis 6, so the sample variance has standard error sqrt(20 / n).
    assertThat(Math.abs(statistics.mean())).isLessThan(5 * Math.sqrt(2.0 / n));
    assertThat(Math.abs(statistics.variance() - 2)).isLessThan(5 * Math.sqrt(20.0 / n));
  }

  @Test
  void discreteLaplace_nonPositiveOrHugeScale_isRefused() {
    RandomSource random = RandomSource.insecureSeededForTests(1);
    assertThatThrownBy(() -> DiscreteLaplace.sample(random, Rational.ZERO)).isInstanceOf(CleanroomException.class);
    assertThatThrownBy(() -> DiscreteLaplace.sample(random, Rational.of(-1))).isInstanceOf(CleanroomException.class);
    assertThatThrownBy(() -> DiscreteLaplace.sample(random, DiscreteLaplace.MAX_SCALE.add(Rational.ONE)))
        .isInstanceOf(CleanroomException.class);
  }

  static Rational parse(String text) {
    int slash = text.indexOf('/');
    return slash < 0 ? Rational.fromDecimal(text)
        : Rational.of(Long.parseLong(text.substring(0, slash)), Long.parseLong(text.substring(slash + 1)));
  }
}
