package dev.cleanroom.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LatencySummaryTest {

  @Test
  void ofNanos_hundredSamples_usesNearestRankPercentiles() {
    long[] nanos = new long[100];
    for (int i = 0; i < nanos.length; i++) {
      // 100 µs down to 1 µs, so the input is not sorted.
      nanos[i] = (100 - i) * 1_000L;
    }

    LatencySummary summary = LatencySummary.ofNanos(nanos);

    assertThat(summary.operations()).isEqualTo(100);
    assertThat(summary.p50Micros()).isEqualTo(50.0);
    assertThat(summary.p99Micros()).isEqualTo(99.0);
    assertThat(summary.maxMicros()).isEqualTo(100.0);
    assertThat(summary.meanMicros()).isEqualTo(50.5);
    assertThat(nanos[0]).as("input left as it was").isEqualTo(100_000L);
  }

  @Test
  void percentile_singleSample_isThatSample() {
    assertThat(LatencySummary.percentile(new long[] {7}, 99)).isEqualTo(7);
  }

  @Test
  void ofNanos_noSamples_throws() {
    assertThatThrownBy(() -> LatencySummary.ofNanos(new long[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
