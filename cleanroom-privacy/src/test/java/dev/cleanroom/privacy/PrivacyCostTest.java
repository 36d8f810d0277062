package dev.cleanroom.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cleanroom.core.CleanroomException;
import org.junit.jupiter.api.Test;

class PrivacyCostTest {
  @Test
  void of_equalDecimalsWithDifferentScales_areEqual() {
    assertThat(PrivacyCost.of("1.0", "0.000")).isEqualTo(PrivacyCost.of("1", "0"));
    assertThat(PrivacyCost.of(0.1, 0)).isEqualTo(PrivacyCost.of("0.1", "0"));
    assertThat(PrivacyCost.of("0.5", "1e-6").toString()).isEqualTo("(epsilon=0.5, delta=0.000001)");
  }

  @Test
  void plus_addsBothParts() {
    assertThat(PrivacyCost.of("0.1", "1e-9").plus(PrivacyCost.of("0.2", "2e-9")))
        .isEqualTo(PrivacyCost.of("0.3", "3e-9"));
  }

  @Test
  void of_negativeEpsilonOrDeltaAboveOne_throws() {
    assertThatThrownBy(() -> PrivacyCost.of("-0.1", "0")).isInstanceOf(CleanroomException.class);
    assertThatThrownBy(() -> PrivacyCost.of("1", "1.5")).isInstanceOf(CleanroomException.class);
    assertThatThrownBy(() -> PrivacyCost.of(Double.NaN, 0)).isInstanceOf(CleanroomException.class);
  }
}
