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
  void ofNanos_noTrials_throws() {
    assertThatThrownBy(() -> TrialTimes.ofNanos(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
