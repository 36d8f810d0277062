package dev.cleanroom.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class NoisyAverageTest {
  @Test
  void of_epsilon_isSplitInHalvesBetweenCountAndSum() {
    NoisyAverage average = NoisyAverage.of(BigDecimal.ONE, 2, 0, 100);
    // Count: 2 / 0.5 = 4. Centred sum: values within ±50, 50 in [2^5, 2^6): g = 2^-18, B = 50 * 2^18.
    assertThat(average.countNoiseScale()).isEqualTo(Rational.of(4));
    assertThat(average.midpoint()).isEqualTo(50);
    assertThat(average.granularity()).isEqualTo(Math.scalb(1.0, -18));
    assertThat(average.sumNoiseScaleInGridUnits()).isEqualTo(Rational.of(2L * (50L << 18) * 2));
    assertThat(average.cost()).isEqualTo(PrivacyCost.of("1", "0"));
  }

  @Test
  void toCentredGridUnits_outOfBoundsValues_areClamped() {
    NoisyAverage average = NoisyAverage.of(BigDecimal.ONE, 1, 10, 20);
    long half = Math.round(5 / average.granularity());
    assertThat(average.toCentredGridUnits(1e9)).isEqualTo(half);
    assertThat(average.toCentredGridUnits(-1e9)).isEqualTo(-half);
    assertThat(average.toCentredGridUnits(15)).isZero();
  }

  @Test
  void release_largeGroup_isCloseToTheClampedMeanAndInsideBounds() {
    NoisyAverage average = NoisyAverage.of(BigDecimal.ONE, 1, 0, 10);
    double[] values = new double[10_000];
    for (int i = 0; i < values.length; i++) {
      values[i] = (i % 2 == 0) ? 2 : 50; // 50 is clamped to 10: the clamped mean is 6
    }
    RandomSource random = RandomSource.insecureSeededForTests(303);
    for (int trial = 0; trial < 200; trial++) {
      // Count noise ~ scale 2 and sum noise ~ scale 10 on n = 10000: the error is far below 0.05.
      assertThat(average.release(random, values)).isBetween(5.95, 6.05);
    }
  }

  @Test
  void release_emptyOrTinyGroup_staysWithinBounds() {
    NoisyAverage average = NoisyAverage.of(new BigDecimal("0.1"), 1, -3, 7);
    RandomSource random = RandomSource.insecureSeededForTests(404);
    for (int trial = 0; trial < 2000; trial++) {
      assertThat(average.release(random, new double[0])).isBetween(-3.0, 7.0);
      assertThat(average.release(random, new double[] {100})).isBetween(-3.0, 7.0);
    }
  }

  @Test
  void release_equalBounds_returnsTheBound() {
    assertThat(NoisyAverage.of(BigDecimal.ONE, 1, 4, 4).release(RandomSource.insecureSeededForTests(1), new double[] {1, 9}))
        .isEqualTo(4);
  }
}
