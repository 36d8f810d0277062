package dev.cleanroom.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cleanroom.core.CleanroomException;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class QueryCostSplitTest {
  @Test
  void evenly_twoAggregatesAndSelection_givesThirdsRoundedDownAndAllDeltaToSelection() {
    QueryCostSplit split = QueryCostSplit.evenly(PrivacyCost.of("1", "1e-6"), 2, true);
    assertThat(split.aggregates()).hasSize(2);
    assertThat(split.aggregates().get(0).epsilon()).isEqualByComparingTo("0.333333333333");
    assertThat(split.aggregates().get(0).isPure()).isTrue();
    assertThat(split.partitionSelection()).isEqualTo(PrivacyCost.of("0.333333333333", "0.000001"));
    assertThat(split.total().isWithin(PrivacyCost.of("1", "1e-6"))).isTrue();
  }

  @Test
  void evenly_noSelection_sharesEpsilonExactlyWhenItDivides() {
    QueryCostSplit split = QueryCostSplit.evenly(PrivacyCost.of("0.5", "0"), 4, false);
    assertThat(split.partitionSelection()).isEqualTo(PrivacyCost.ZERO);
    assertThat(split.aggregates()).containsOnly(PrivacyCost.of("0.125", "0"));
    assertThat(split.total()).isEqualTo(PrivacyCost.of("0.5", "0"));
  }

  @Test
  void evenly_selectionWithoutDelta_throws() {
    assertThatThrownBy(() -> QueryCostSplit.evenly(PrivacyCost.of("1", "0"), 1, true))
        .isInstanceOf(CleanroomException.class).hasMessageContaining("delta");
    assertThatThrownBy(() -> QueryCostSplit.evenly(PrivacyCost.of("1", "0"), 0, false))
        .isInstanceOf(CleanroomException.class);
  }
}
