package dev.cleanroom.runtime.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.dataset.ColumnSchema;
import dev.cleanroom.core.dataset.ColumnType;
import dev.cleanroom.core.engine.ColumnBatch;
import dev.cleanroom.core.engine.TableLoader;
import dev.cleanroom.engine.duckdb.DuckDbEngine;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Counting rows per value while loading gives what the engine's GROUP BY gives over the loaded table. */
class RowsPerValueTest {
  private static final List<ColumnSchema> SCHEMA = List.of(new ColumnSchema("id", ColumnType.BIGINT),
      new ColumnSchema("email", ColumnType.VARCHAR), new ColumnSchema("score", ColumnType.DOUBLE),
      new ColumnSchema("day", ColumnType.DATE), new ColumnSchema("member", ColumnType.BOOLEAN));
  private static final List<String> ALL = SCHEMA.stream().map(ColumnSchema::name).toList();

  @Test
  void maxRows_randomTableInSeveralBatches_sameAsTheEnginesGroupBy() {
    Random random = new Random(42);
    List<ColumnBatch> batches = new ArrayList<>();
    for (int b = 0; b < 7; b++) {
      ColumnBatch batch = new ColumnBatch(SCHEMA, 64);
      for (int row = 0; row < 300 + random.nextInt(300); row++) {
        addOrNull(batch, random, () -> batch.addLong(random.nextInt(900)));
        addOrNull(batch, random, () -> utf8(batch, "person-" + random.nextInt(700) + "@example.org"));
        addOrNull(batch, random, () -> batch.addDouble(random.nextInt(40) / 4.0));
        addOrNull(batch, random, () -> batch.addEpochDay(19_000 + random.nextInt(50)));
        addOrNull(batch, random, () -> batch.addBoolean(random.nextInt(7) == 0));
        batch.endRow();
      }
      batches.add(batch);
    }

    assertThat(counted(batches, 10)).isEqualTo(engineCounts(batches));
  }

  @Test
  void maxRows_nullsMostCommon_nullsCountAsOneValue() {
    ColumnBatch batch = new ColumnBatch(SCHEMA, 8);
    for (int row = 0; row < 5; row++) {
      if (row < 2) {
        batch.addLong(7);
      } else {
        batch.addNull();
      }
      utf8(batch, row == 0 ? "ann" : "bob");
      batch.addDouble(row % 2 == 0 ? 0.0 : -0.0);
      batch.addNull();
      batch.addNull();
      batch.endRow();
    }

    Map<String, Long> counts = counted(List.of(batch), 5);

    assertThat(counts).isEqualTo(engineCounts(List.of(batch)));
    assertThat(counts).containsEntry("id", 3L).containsEntry("email", 4L).containsEntry("score", 5L)
        .containsEntry("day", 5L);
  }

  @Test
  void nulls_perColumn_countedAcrossBatches() {
    ColumnBatch batch = new ColumnBatch(SCHEMA, 8);
    for (int row = 0; row < 4; row++) {
      if (row == 1) {
        batch.addNull();
      } else {
        batch.addLong(row);
      }
      utf8(batch, "x");
      batch.addNull();
      batch.addNull();
      batch.addNull();
      batch.endRow();
    }
    RowsPerValue counts = new RowsPerValue(SCHEMA, List.of("id", "email", "score"), 8);

    counts.add(batch);
    counts.add(batch);

    assertThat(counts.nulls("id")).isEqualTo(2);
    assertThat(counts.nulls("email")).isZero();
    assertThat(counts.nulls("score")).isEqualTo(8);
    assertThatThrownBy(() -> counts.nulls("day")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void maxRows_noRows_noCounts() {
    assertThat(counted(List.of(), 0)).isEmpty();
  }

  @Test
  void maxRows_moreRowsThanExpected_stillCountsThemAll() {
    ColumnBatch batch = new ColumnBatch(SCHEMA, 64);
    for (int row = 0; row < 50; row++) {
      batch.addLong(row % 3);
      utf8(batch, "x");
      batch.addDouble(row);
      batch.addEpochDay(row);
      batch.addBoolean(true);
      batch.endRow();
    }

    assertThat(counted(List.of(batch, batch), 1)).containsEntry("id", 34L).containsEntry("email", 100L)
        .containsEntry("score", 2L).containsEntry("member", 100L);
  }

  @Test
  void maxRows_calledTwice_refused() {
    RowsPerValue counts = new RowsPerValue(SCHEMA, List.of("id"), 0);
    counts.maxRows();

    assertThatThrownBy(counts::maxRows).isInstanceOf(IllegalStateException.class).hasMessageContaining("already");
  }

  @Test
  void construct_columnNotInSchema_orTooManyRows_refused() {
    assertThatThrownBy(() -> new RowsPerValue(SCHEMA, List.of("nope"), 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'nope'");
    assertThatThrownBy(() -> new RowsPerValue(SCHEMA, List.of("id"), 3_000_000_000L))
        .isInstanceOf(CleanroomException.class).hasMessageContaining("3000000000 rows");
  }

  @Test
  void heapBytes_keysPerColumnAndOneSortScratch_allForTooManyRows() {
    assertThat(RowsPerValue.heapBytes(2, 10_000_000)).isEqualTo(8L * 10_000_000 * 3);
    assertThat(RowsPerValue.heapBytes(1, 0)).as("the smallest allocation").isEqualTo(8L * 16 * 2);
    assertThat(RowsPerValue.heapBytes(2, 3_000_000_000L)).isEqualTo(Long.MAX_VALUE);
  }

  private static Map<String, Long> counted(List<ColumnBatch> batches, long expectedRows) {
    RowsPerValue counts = new RowsPerValue(SCHEMA, ALL, expectedRows);
    batches.forEach(counts::add);
    return counts.maxRows();
  }

  /** Per column, {@code SELECT MAX(n) FROM (SELECT COUNT(*) AS n FROM t GROUP BY column)} over the loaded rows. */
  private static Map<String, Long> engineCounts(List<ColumnBatch> batches) {
    try (DuckDbEngine engine = DuckDbEngine.inMemory("256MB", 1)) {
      try (TableLoader loader = engine.load("t", SCHEMA)) {
        batches.forEach(loader::batch);
        loader.finish();
      }
      Map<String, Long> counts = new java.util.LinkedHashMap<>();
      for (String column : ALL) {
        Object most = engine.execute("SELECT MAX(n) FROM (SELECT COUNT(*) AS n FROM t GROUP BY \"" + column
            + "\") AS per_value", List.of()).rows().get(0).get(0);
        counts.put(column, (Long) most);
      }
      return counts;
    }
  }

  private static void addOrNull(ColumnBatch batch, Random random, Runnable add) {
    if (random.nextInt(10) == 0) {
      batch.addNull();
    } else {
      add.run();
    }
  }

  private static void utf8(ColumnBatch batch, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    batch.addUtf8(bytes, 0, bytes.length);
  }
}
