package dev.cleanroom.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Known answers for the chi-square tail the statistical tests rely on. */
class GoodnessOfFitTest {
  @Test
  void chiSquareSurvival_twoDegreesOfFreedom_isExponential() {
    for (double x : new double[] {0.5, 3, 10, 40}) {
      assertThat(GoodnessOfFit.chiSquareSurvival(x, 2)).isCloseTo(Math.exp(-x / 2), within(1e-12));
    }
  }

  @Test
  void chiSquareSurvival_tabulatedCriticalValues_giveTheirLevels() {
    assertThat(GoodnessOfFit.chiSquareSurvival(3.841459, 1)).isCloseTo(0.05, within(1e-6));
    assertThat(GoodnessOfFit.chiSquareSurvival(18.307038, 10)).isCloseTo(0.05, within(1e-6));
    assertThat(GoodnessOfFit.chiSquareSurvival(124.342113, 100)).isCloseTo(0.05, within(1e-6));
    assertThat(GoodnessOfFit.chiSquareSurvival(29.588298, 10)).isCloseTo(0.001, within(1e-7));
  }
}
