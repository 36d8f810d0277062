package dev.cleanroom.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cleanroom.core.CleanroomException;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class PartitionSelectionTest {
  @Test
  void threshold_oneGroupPerSubject_isOnePlusScaleTimesLogOfOneOverDelta() {
    // b = 1, ln(1e5) = 11.51..., so tau = 1 + 12.
    PartitionSelection selection = PartitionSelection.of(BigDecimal.ONE, new BigDecimal("1e-5"), 1, 1);
    assertThat(selection.noiseScale()).isEqualTo(Rational.ONE);
    assertThat(selection.threshold()).isEqualTo(13);
    assertThat(selection.cost()).isEqualTo(PrivacyCost.of("1", "0.00001"));
  }

  @Test
  void threshold_severalGroupsAndContributions_scalesWithKTimesC() {
    // k = 4, c = 2, epsilon = 0.5: b = 16; tau = 2 + ceil(16 ln(4 / 1e-6)) = 2 + ceil(243.28...) = 246.
    PartitionSelection selection = PartitionSelection.of(new BigDecimal("0.5"), new BigDecimal("1e-6"), 4, 2);
    assertThat(selection.noiseScale()).isEqualTo(Rational.of(16));
    assertThat(selection.threshold()).isEqualTo(2 + (long) Math.ceil(16 * Math.log(4e6)));
    assertThat(selection.threshold()).isEqualTo(246);
  }

  @Test
  void keep_groupOfOneSubject_isKeptAtMostWithProbabilityDeltaOverK() {
    // delta = 0.1, k = 1, b = 1: tau = 1 + ceil(ln 10) = 4. Exact keep probability q^3 / (1 + q), q = e^-1.
    PartitionSelection selection = PartitionSelection.of(BigDecimal.ONE, new BigDecimal("0.1"), 1, 1);
    assertThat(selection.threshold()).isEqualTo(4);
    double q = Math.exp(-1);
    double exact = q * q * q / (1 + q);
    assertThat(exact).isLessThanOrEqualTo(0.1);
    assertKeptAtRate(selection, 1, exact, 505);
  }

  @Test
  void ofRowCounts_scaleIsRowsOverEpsilon_thresholdRowsAbove() {
    // m = 3, epsilon = 1: b = 3 (the L1 sensitivity is 3, not 3 * 3); tau = 3 + ceil(3 ln(3 / 1e-6)) = 3 + 45 = 48.
    PartitionSelection rows = PartitionSelection.ofRowCounts(BigDecimal.ONE, new BigDecimal("1e-6"), 3);
    assertThat(rows.noiseScale()).isEqualTo(Rational.of(3));
    assertThat(rows.threshold()).isEqualTo(3 + (long) Math.ceil(3 * Math.log(3e6))).isEqualTo(48);

    PartitionSelection subjects = PartitionSelection.of(BigDecimal.ONE, new BigDecimal("1e-6"), 3, 1);
    assertThat(rows.noiseScale()).isEqualTo(subjects.noiseScale());
    assertThat(rows.threshold() - subjects.threshold()).isEqualTo(2);
    assertThatThrownBy(() -> PartitionSelection.ofRowCounts(BigDecimal.ONE, new BigDecimal("0.1"), 0))
        .isInstanceOf(CleanroomException.class).hasMessageContaining("maxRowsPerSubject");
  }

  @Test
  void keep_newGroupHoldingAllOfOneSubjectsRows_isKeptAtMostWithProbabilityDeltaOverM() {
    // m = 2, delta = 0.1, b = 2: tau = 2 + ceil(2 ln 20) = 8. A group made only of one subject's 2 rows is kept with
    // probability q^6 / (1 + q), q = e^-1/2, which must not exceed delta / m.
    PartitionSelection selection = PartitionSelection.ofRowCounts(BigDecimal.ONE, new BigDecimal("0.1"), 2);
    assertThat(selection.threshold()).isEqualTo(8);
    double q = Math.exp(-0.5);
    double exact = Math.pow(q, 6) / (1 + q);
    assertThat(exact).isLessThanOrEqualTo(0.1 / 2);
    assertKeptAtRate(selection, 2, exact, 707);
  }

  /** Over 100,000 draws, a group of {@code count} is kept at the rate {@code exact}, within five standard errors. */
  private static void assertKeptAtRate(PartitionSelection selection, long count, double exact, long seed) {
    RandomSource random = RandomSource.insecureSeededForTests(seed);
    int trials = 100_000;
    int kept = 0;
    for (int i = 0; i < trials; i++) {
      kept += selection.keep(random, count) ? 1 : 0;
    }
    assertThat(Math.abs(kept - trials * exact)).isLessThan(5 * Math.sqrt(trials * exact * (1 - exact)));
  }

  @Test
  void keep_largeGroup_isAlmostAlwaysKept() {
    PartitionSelection selection = PartitionSelection.of(BigDecimal.ONE, new BigDecimal("1e-6"), 1, 1);
    RandomSource random = RandomSource.insecureSeededForTests(606);
    int kept = 0;
    for (int i = 0; i < 1000; i++) {
      kept += selection.keep(random, selection.threshold() + 40) ? 1 : 0;
    }
    // Dropped only if the noise is below -40 at scale 1: probability about e^-40 per trial.
    assertThat(kept).isEqualTo(1000);
  }

  @Test
  void of_deltaOutOfRange_throws() {
    assertThatThrownBy(() -> PartitionSelection.of(BigDecimal.ONE, BigDecimal.ZERO, 1, 1))
        .isInstanceOf(CleanroomException.class);
    assertThatThrownBy(() -> PartitionSelection.of(BigDecimal.ONE, BigDecimal.ONE, 1, 1))
        .isInstanceOf(CleanroomException.class);
    assertThatThrownBy(() -> PartitionSelection.of(BigDecimal.ONE, new BigDecimal("0.1"), 0, 1))
        .isInstanceOf(CleanroomException.class);
  }
}
