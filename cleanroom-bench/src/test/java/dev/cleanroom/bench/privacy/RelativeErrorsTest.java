package dev.cleanroom.bench.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RelativeErrorsTest {

  @Test
  void percentile_twentyReleases_usesNearestRank() {
    RelativeErrors errors = new RelativeErrors();
    for (int i = 1; i <= 20; i++) {
      errors.add(100 + i, 100);
    }

    assertThat(errors.count()).isEqualTo(20);
    assertThat(errors.percentile(50)).isCloseTo(0.10, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(errors.percentile(95)).isCloseTo(0.19, org.assertj.core.data.Offset.offset(1e-12));
  }

  @Test
  void add_belowTheExactValue_countsTheAbsoluteError() {
    RelativeErrors errors = new RelativeErrors();

    errors.add(90, 100);

    assertThat(errors.percentile(100)).isCloseTo(0.10, org.assertj.core.data.Offset.offset(1e-12));
  }

  @Test
  void add_exactZero_throws() {
    assertThatThrownBy(() -> new RelativeErrors().add(1, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void percentile_nothingAdded_throws() {
    assertThatThrownBy(() -> new RelativeErrors().percentile(50))
        .isInstanceOf(IllegalStateException.class);
  }
}
