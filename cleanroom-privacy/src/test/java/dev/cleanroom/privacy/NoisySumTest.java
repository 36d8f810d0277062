package dev.cleanroom.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cleanroom.core.CleanroomException;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class NoisySumTest {
  @Test
  void of_incomeBounds_chooseGridAndSensitivity() {
    // max(|0|, |300000|) lies in [2^18, 2^19), so g = 2^(19 - 24) = 1/32 and B = 300000 * 32.
    NoisySum sum = NoisySum.of(BigDecimal.ONE, 3, 0, 300_000);
    assertThat(sum.granularity()).isEqualTo(1.0 / 32);
    assertThat(sum.granularityExponent()).isEqualTo(-5);
    assertThat(sum.sensitivityInGridUnits()).isEqualTo(3L * 300_000 * 32);
    assertThat(sum.noiseScaleInGridUnits()).isEqualTo(Rational.of(3L * 300_000 * 32));
  }

  @Test
  void of_negativeLowBound_usesLargestMagnitude() {
    NoisySum sum = NoisySum.of(new BigDecimal("0.5"), 1, -1000, 10);
    // 1000 lies in [2^9, 2^10): g = 2^-14, B = 1000 * 2^14, scale = B / 0.5.
    assertThat(sum.granularity()).isEqualTo(Math.scalb(1.0, -14));
    assertThat(sum.sensitivityInGridUnits()).isEqualTo(1000L << 14);
    assertThat(sum.noiseScaleInGridUnits()).isEqualTo(Rational.of(2000L << 14));
  }

  @Test
  void toGridUnits_valuesOutsideBounds_areClampedBeforeRounding() {
    NoisySum sum = NoisySum.of(BigDecimal.ONE, 1, 0, 100);
    double g = sum.granularity();
    assertThat(sum.toGridUnits(1e12)).isEqualTo(Math.round(100 / g));
    assertThat(sum.toGridUnits(-5)).isZero();
    assertThat(sum.toGridUnits(Double.NaN)).isZero();
    assertThat(sum.toGridUnits(Double.POSITIVE_INFINITY)).isEqualTo(Math.round(100 / g));
    assertThat(sum.toGridUnits(3 * g + g / 4)).isEqualTo(3);
    assertThat(sum.sumInGridUnits(new double[] {1e12, -5, 50})).isEqualTo(Math.round(150 / g));
  }

  @Test
  void release_manyTimes_errorHasTheScaleOfTheSensitivity() {
    // Bounds [0, 1], epsilon 1: the noise scale is 1.0 in value units, so the error variance is about 2.
    NoisySum sum = NoisySum.of(BigDecimal.ONE, 1, 0, 1);
    double[] values = {0.25, 0.5, 7.0, -3.0};
    double clampedSum = 0.25 + 0.5 + 1.0 + 0.0;
    RandomSource random = RandomSource.insecureSeededForTests(202);
    int n = 40_000;
    double[] errors = new double[n];
    for (int i = 0; i < n; i++) {
      errors[i] = sum.release(random, values) - clampedSum;
    }
    SampleStatistics observed = SampleStatistics.of(errors);
    // Laplace with scale 1: variance 2 and kurtosis 6, so the sample variance has standard error sqrt(20 / n).
    assertThat(Math.abs(observed.mean())).isLessThan(5 * Math.sqrt(2.0 / n));
    assertThat(Math.abs(observed.variance() - 2)).isLessThan(5 * Math.sqrt(20.0 / n));
  }

  @Test
  void release_zeroBounds_returnsZeroWithoutNoise() {
    NoisySum sum = NoisySum.of(BigDecimal.ONE, 1, 0, 0);
    assertThat(sum.sensitivityInGridUnits()).isZero();
    assertThat(sum.release(RandomSource.insecureSeededForTests(1), new double[] {5, 6})).isZero();
  }

  @Test
  void of_badBounds_throw() {
    assertThatThrownBy(() -> NoisySum.of(BigDecimal.ONE, 1, 5, 1)).isInstanceOf(CleanroomException.class);
    assertThatThrownBy(() -> NoisySum.of(BigDecimal.ONE, 1, 0, Double.NaN)).isInstanceOf(CleanroomException.class);
    assertThatThrownBy(() -> NoisySum.of(BigDecimal.ONE, 1, -Double.MAX_VALUE, Double.MAX_VALUE))
        .isInstanceOf(CleanroomException.class);
  }
}
