package dev.cleanroom.engine.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.dataset.ColumnSchema;
import dev.cleanroom.core.dataset.ColumnType;
import dev.cleanroom.core.engine.ColumnBatch;
import dev.cleanroom.core.engine.TableLoader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Column batches through the Arrow stream: every type, nulls, order, and what an abandoned load leaves. */
class DuckDbEngineBatchLoadTest {
  private final DuckDbEngine engine = DuckDbEngine.inMemory("1GB", 2);

  @AfterEach
  void close() {
    engine.close();
  }

  @Test
  void batch_everyTypeAndNulls_readBackExactly() {
    ColumnBatch batch = new ColumnBatch(DuckDbEngineLoadTest.ALL_TYPES, 1);
    batch.addLong(Long.MIN_VALUE);
    batch.addDouble(-0.25);
    batch.addBoolean(false);
    batch.addEpochDay((int) LocalDate.of(1900, 1, 1).toEpochDay());
    addText(batch, "Zoë ☃, \"quoted\"\nnext line");
    batch.endRow();
    for (int column = 0; column < 5; column++) {
      batch.addNull();
    }
    batch.endRow();
    batch.addLong(7);
    batch.addDouble(1e300);
    batch.addBoolean(true);
    batch.addEpochDay((int) LocalDate.of(2024, 2, 29).toEpochDay());
    addText(batch, "");
    batch.endRow();

    try (TableLoader loader = engine.load("people", DuckDbEngineLoadTest.ALL_TYPES)) {
      loader.batch(batch);
      assertThat(loader.finish()).isEqualTo(3);
    }

    List<List<Object>> rows = engine.execute("SELECT * FROM people", List.of()).rows();
    assertThat(rows).hasSize(3);
    assertThat(rows.get(0)).containsExactly(Long.MIN_VALUE, -0.25, false, LocalDate.of(1900, 1, 1),
        "Zoë ☃, \"quoted\"\nnext line");
    assertThat(rows.get(1)).containsOnlyNulls();
    assertThat(rows.get(2)).containsExactly(7L, 1e300, true, LocalDate.of(2024, 2, 29), "");
  }

  @Test
  void batch_manyBatchesMixedWithRows_keepTheirOrder() {
    List<ColumnSchema> schema = List.of(new ColumnSchema("id", ColumnType.BIGINT));
    long expected = 0;
    try (TableLoader loader = engine.load("numbers", schema)) {
      long next = 0;
      for (int round = 0; round < 30; round++) {
        ColumnBatch batch = new ColumnBatch(schema, 16);
        for (int index = 0; index < 5_000; index++) {
          batch.addLong(next++);
          batch.endRow();
        }
        loader.batch(batch);
        loader.row(new Object[] {next++});
      }
      expected = next;
      assertThat(loader.finish()).isEqualTo(expected);
    }

    List<List<Object>> rows = engine.execute("SELECT id FROM numbers", List.of()).rows();
    List<Object> ids = new ArrayList<>();
    rows.forEach(row -> ids.add(row.get(0)));
    List<Object> inOrder = new ArrayList<>();
    for (long id = 0; id < expected; id++) {
      inOrder.add(id);
    }
    assertThat(ids).isEqualTo(inOrder);
  }

  @Test
  void batch_ofAnotherSchema_refusedNamingBoth() {
    List<ColumnSchema> other = List.of(new ColumnSchema("id", ColumnType.VARCHAR));
    ColumnBatch batch = new ColumnBatch(other, 1);
    addText(batch, "x");
    batch.endRow();
    try (TableLoader loader = engine.load("numbers", List.of(new ColumnSchema("id", ColumnType.BIGINT)))) {
      assertThatThrownBy(() -> loader.batch(batch))
          .isInstanceOf(CleanroomException.class)
          .hasMessageContaining("table 'numbers': a batch has columns");
    }
    assertThat(engine.tables()).isEmpty();
  }

  @Test
  void batch_loadClosedAfterBatches_leavesNothing() {
    List<ColumnSchema> schema = List.of(new ColumnSchema("secret", ColumnType.VARCHAR));
    TableLoader loader = engine.load("secrets", schema);
    for (int round = 0; round < 20; round++) {
      ColumnBatch batch = new ColumnBatch(schema, 1_000);
      for (int index = 0; index < 1_000; index++) {
        addText(batch, "SECRET-" + round + "-" + index);
        batch.endRow();
      }
      loader.batch(batch);
    }

    loader.close();

    assertThat(engine.tables()).isEmpty();
    assertThat(engine.execute("SELECT count(*) FROM duckdb_tables", List.of()).rows()).containsExactly(List.of(0L));
    assertThatThrownBy(loader::finish).isInstanceOf(CleanroomException.class);
  }

  @Test
  void close_whileAnotherThreadFeedsBatches_abandonsTheLoad() throws Exception {
    List<ColumnSchema> schema = List.of(new ColumnSchema("id", ColumnType.BIGINT));
    TableLoader loader = engine.load("endless", schema);
    Thread feeder = new Thread(() -> {
      try {
        for (long next = 0; ; next++) {
          ColumnBatch batch = new ColumnBatch(schema, 1_000);
          for (int index = 0; index < 1_000; index++) {
            batch.addLong(next);
            batch.endRow();
          }
          loader.batch(batch);
        }
      } catch (CleanroomException expected) {
        // The engine closed under it: that is the point.
      }
    });
    feeder.start();
    Thread.sleep(200);

    engine.close();
    feeder.join(10_000);

    assertThat(feeder.isAlive()).isFalse();
    assertThat(engine.tables()).isEmpty();
  }

  private static void addText(ColumnBatch batch, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    batch.addUtf8(bytes, 0, bytes.length);
  }
}
