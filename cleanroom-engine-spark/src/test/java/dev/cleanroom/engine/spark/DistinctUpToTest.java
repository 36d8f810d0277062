package dev.cleanroom.engine.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

/**
 * The capped distinct count must compare with its cap exactly as the full distinct count would: never reach the cap
 * with fewer distinct values, however the values are split between partitions and merged.
 */
class DistinctUpToTest {
  private final DistinctUpTo aggregate = new DistinctUpTo();

  @Test
  void reduce_repeatedValuesAndNulls_countedOnceAndNotAtAll() {
    DistinctUpTo.Values values = fold(5, 7L, 7L, null, 3L, 7L, null);

    assertThat(aggregate.finish(values)).isEqualTo(2);
  }

  @Test
  void reduce_moreDistinctValuesThanTheCap_stopsAtTheCap() {
    DistinctUpTo.Values values = aggregate.zero();
    LongStream.range(0, 1_000).forEach(value -> aggregate.reduce(values, new Tuple2<>(value, 5)));

    assertThat(aggregate.finish(values)).isEqualTo(5);
  }

  @Test
  void merge_partitionsSharingValues_countsTheUnion() {
    DistinctUpTo.Values left = fold(5, 1L, 2L, 3L);
    DistinctUpTo.Values right = fold(5, 2L, 3L, 4L);

    assertThat(aggregate.finish(aggregate.merge(left, right))).isEqualTo(4);
  }

  @Test
  void merge_sameValuesInEveryPartition_neverReachesTheCap() {
    DistinctUpTo.Values merged = aggregate.zero();
    for (int partition = 0; partition < 10; partition++) {
      merged = aggregate.merge(merged, fold(5, 1L, 2L, 3L, 4L));
    }

    assertThat(aggregate.finish(merged)).isEqualTo(4);
  }

  @Test
  void merge_fullPartitionWithOthers_staysAtTheCap() {
    DistinctUpTo.Values full = fold(3, 10L, 11L, 12L, 13L);
    DistinctUpTo.Values empty = aggregate.zero();

    assertThat(aggregate.finish(aggregate.merge(empty, full))).isEqualTo(3);
    assertThat(aggregate.finish(aggregate.merge(fold(3, 1L), fold(3, 2L)))).isEqualTo(2);
  }

  @Test
  void reduce_capBelowOne_refused() {
    assertThatThrownBy(() -> fold(0, 1L)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 1");
  }

  private DistinctUpTo.Values fold(int cap, Long... values) {
    DistinctUpTo.Values buffer = aggregate.zero();
    for (Long value : values) {
      aggregate.reduce(buffer, new Tuple2<>(value, cap));
    }
    return buffer;
  }
}
