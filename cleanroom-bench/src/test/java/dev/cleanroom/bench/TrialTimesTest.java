package dev.cleanroom.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrialTimesTest {

  @Test
  void ofNanos_fiveTrials_medianIsTheThirdFastest() {
    TrialTimes times = TrialTimes.ofNanos(List.of(5_000_000L, 1_000_000L, 9_000_000L, 3_000_000L,
        7_000_000L));

    assertThat(times.trials()).isEqualTo(5);
    assertThat(times.medianMillis()).isEqualTo(5.0);
    assertThat(times.fastestMillis()).isEqualTo(1.0);
    assertThat(times.slowestMillis()).isEqualTo(9.0);
  }

  @Test
  void ratioTo_twiceTheMedian_isTwo() {
    TrialTimes baseline = TrialTimes.ofNanos(List.of(2_000_000L));
    TrialTimes slower = TrialTimes.ofNanos(List.of(4_000_000L));

    assertThat(slower.ratioTo(baseline)).isEqualTo(2.0);
  }

  @Test
  void medianOfTrialRatios_slowSpellInOneTrial_cancelsOut() {
    // Trial 3 ran in a slow spell: both paths took ten times as long.
    List<Long> baseline = List.of(100L, 110L, 1_000L, 90L, 105L);
    List<Long> measured = List.of(120L, 121L, 1_200L, 117L, 126L);

    assertThat(TrialTimes.medianOfTrialRatios(measured, baseline)).isEqualTo(1.2);
  }

  @Test
  void medianOfTrialRatios_missingBaselineTrial_throws() {
    assertThatThrownBy(() -> TrialTimes.medianOfTrialRatios(List.of(1L, 2L), List.of(1L)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 trials and 1");
  }

  @Test
  void ofNanos_noTrials_throws() {
    assertThatThrownBy(() -> TrialTimes.ofNanos(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
