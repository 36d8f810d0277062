package dev.cleanroom.engine.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.ErrorCode;
import dev.cleanroom.core.dataset.ColumnSchema;
import dev.cleanroom.core.dataset.ColumnType;
import dev.cleanroom.core.engine.ResultTable;
import dev.cleanroom.core.engine.TableLoader;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DuckDbEngineLoadTest {
  static final List<ColumnSchema> ALL_TYPES = List.of(
      new ColumnSchema("id", ColumnType.BIGINT),
      new ColumnSchema("amount", ColumnType.DOUBLE),
      new ColumnSchema("active", ColumnType.BOOLEAN),
      new ColumnSchema("joined", ColumnType.DATE),
      new ColumnSchema("name", ColumnType.VARCHAR));

  private DuckDbEngine engine;

  @BeforeEach
  void open() {
    engine = DuckDbEngine.inMemory("1GB", 2);
  }

  @AfterEach
  void close() {
    engine.close();
  }

  @Test
  void load_everyTypeAndNulls_roundTrips() {
    try (TableLoader loader = engine.load("people", ALL_TYPES)) {
      loader.row(new Object[] {1L, 12.5, true, LocalDate.of(2024, 2, 29), "Ada"});
      loader.row(new Object[] {Long.MIN_VALUE, -0.25, false, LocalDate.of(1900, 1, 1), "Zoë ☃"});
      loader.row(new Object[] {null, null, null, null, null});
      assertThat(loader.finish()).isEqualTo(3);
    }

    ResultTable result = engine.execute("SELECT * FROM people ORDER BY id NULLS LAST", List.of());

    assertThat(result.columns()).containsExactly(
        new ResultTable.Column("id", ColumnType.BIGINT),
        new ResultTable.Column("amount", ColumnType.DOUBLE),
        new ResultTable.Column("active", ColumnType.BOOLEAN),
        new ResultTable.Column("joined", ColumnType.DATE),
        new ResultTable.Column("name", ColumnType.VARCHAR));
    assertThat(result.rows()).containsExactly(
        List.of(Long.MIN_VALUE, -0.25, false, LocalDate.of(1900, 1, 1), "Zoë ☃"),
        List.of(1L, 12.5, true, LocalDate.of(2024, 2, 29), "Ada"),
        Arrays.asList(null, null, null, null, null));
    assertThat(engine.tables()).containsExactly("people");
  }

  @Test
  void execute_parametersOfEveryType_areBound() {
    load("people", 10);

    ResultTable result = engine.execute(
        "SELECT count(*) AS n, ?::BIGINT AS l, ?::DOUBLE AS d, ?::BOOLEAN AS b, ?::DATE AS day, ?::VARCHAR AS s"
            + " FROM people WHERE id >= ? AND name <> ?",
        List.of(7L, 1.5, true, LocalDate.of(2020, 5, 17), "text", 5L, "name-6"));

    assertThat(result.rows()).containsExactly(List.of(4L, 7L, 1.5, true, LocalDate.of(2020, 5, 17), "text"));
  }

  @Test
  void execute_wrongParameterCount_refused() {
    load("people", 1);

    assertThatThrownBy(() -> engine.execute("SELECT * FROM people WHERE id = ?", List.of()))
        .isInstanceOf(CleanroomException.class)
        .hasMessageContaining("1 parameters but 0 values");
  }

  @Test
  void execute_wideAndOddTypes_normalised() {
    ResultTable result = engine.execute("SELECT 1::TINYINT AS t, 2::INTEGER AS i, 3::UBIGINT AS u,"
        + " sum(x) AS total, 1.25::DECIMAL(10, 2) AS dec, 0.5::FLOAT AS f, TIMESTAMP '2020-01-02 03:04:05' AS ts,"
        + " INTERVAL 2 DAY AS iv, NULL AS nothing FROM range(5) r(x)", List.of());

    assertThat(result.columns()).extracting(ResultTable.Column::type).containsExactly(ColumnType.BIGINT,
        ColumnType.BIGINT, ColumnType.BIGINT, ColumnType.BIGINT, ColumnType.DOUBLE, ColumnType.DOUBLE,
        ColumnType.VARCHAR, ColumnType.VARCHAR, ColumnType.VARCHAR);
    assertThat(result.rows().get(0)).containsExactly(1L, 2L, 3L, 10L, 1.25, 0.5, "2020-01-02 03:04:05.0", "2 days", null);
  }

  @Test
  void execute_hugeIntBeyondLong_refused() {
    assertThatThrownBy(() -> engine.execute("SELECT 170141183460469231731687303715884105727::HUGEINT AS h", List.of()))
        .isInstanceOf(CleanroomException.class)
        .hasMessageContaining("'h'").hasMessageContaining("outside the 64-bit range")
        .hasMessageNotContaining("170141183460469231731687303715884105727");
  }

  @Test
  void execute_nestedColumn_refusedWithAdvice() {
    assertThatThrownBy(() -> engine.execute("SELECT [1, 2] AS pair", List.of()))
        .isInstanceOf(CleanroomException.class)
        .hasMessageContaining("'pair' has type INTEGER[]").hasMessageContaining("cast it to VARCHAR");
  }

  @Test
  void load_twoMillionRows_works() {
    long start = System.nanoTime();
    long rows = load("big", 2_000_000);
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("loaded %d rows of 5 columns in %.2f s: %.0f rows/s%n", rows, seconds, rows / seconds);

    ResultTable result = engine.execute("SELECT count(*), sum(id), count(DISTINCT name) FROM big", List.of());

    assertThat(result.rows()).containsExactly(List.of(2_000_000L, 1_999_999_000_000L, 2_000_000L));
  }

  @Test
  void load_notFinished_leavesNoTable() {
    TableLoader loader = engine.load("pending", ALL_TYPES);
    loader.row(new Object[] {1L, 1.0, true, LocalDate.of(2020, 1, 1), "PENDINGROW"});

    assertThat(engine.tables()).isEmpty();
    assertThatThrownBy(() -> engine.execute("SELECT * FROM pending", List.of()))
        .isInstanceOf(CleanroomException.class).hasMessageContaining("pending");
    assertThat(engine.execute("SELECT count(*) FROM duckdb_tables", List.of()).rows())
        .containsExactly(List.of(0L));

    loader.close();

    assertThat(engine.tables()).isEmpty();
    assertThat(engine.execute("SELECT count(*) FROM duckdb_tables", List.of()).rows()).containsExactly(List.of(0L));
    assertThatThrownBy(() -> loader.finish()).isInstanceOf(CleanroomException.class)
        .extracting(e -> ((CleanroomException) e).code()).isEqualTo(ErrorCode.CONFLICT);
  }

  @Test
  void load_again_replacesTable() {
    load("people", 10);
    load("People", 3);

    assertThat(engine.execute("SELECT count(*) FROM people", List.of()).rows()).containsExactly(List.of(3L));
    assertThat(engine.tables()).containsExactly("People");
    assertThat(engine.execute("SELECT count(*) FROM duckdb_tables", List.of()).rows()).containsExactly(List.of(1L));
  }

  @Test
  void load_valueOfWrongType_refusedNamingColumn() {
    try (TableLoader loader = engine.load("people", ALL_TYPES)) {
      assertThatThrownBy(() -> loader.row(new Object[] {1, 1.0, true, LocalDate.of(2020, 1, 1), "x"}))
          .isInstanceOf(CleanroomException.class)
          .hasMessageContaining("column 'id' is BIGINT and takes Long values, not Integer");
      loader.row(new Object[] {1L, 1.0, true, LocalDate.of(2020, 1, 1), "x"});
      assertThat(loader.finish()).isEqualTo(1);
    }
  }

  @Test
  void load_badNames_refused() {
    assertThatThrownBy(() -> engine.load("x; DROP TABLE y", ALL_TYPES)).isInstanceOf(CleanroomException.class);
    assertThatThrownBy(() -> engine.load("cleanroom_staging_1", ALL_TYPES)).isInstanceOf(CleanroomException.class);
    assertThatThrownBy(() -> engine.load("t", List.of(new ColumnSchema("a", ColumnType.BIGINT),
        new ColumnSchema("A", ColumnType.DOUBLE)))).hasMessageContaining("twice");
  }

  @Test
  void drop_loadedTable_removesIt() {
    load("people", 2);

    engine.drop("PEOPLE");

    assertThat(engine.tables()).isEmpty();
    assertThatThrownBy(() -> engine.execute("SELECT * FROM people", List.of())).isInstanceOf(CleanroomException.class);
  }

  @Test
  void close_thenUse_refused() {
    load("people", 2);
    TableLoader pending = engine.load("pending", ALL_TYPES);

    engine.close();

    assertThatThrownBy(() -> engine.execute("SELECT 1", List.of())).isInstanceOf(CleanroomException.class)
        .extracting(e -> ((CleanroomException) e).code()).isEqualTo(ErrorCode.CONFLICT);
    assertThatThrownBy(() -> pending.row(new Object[] {1L, 1.0, true, LocalDate.of(2020, 1, 1), "x"}))
        .isInstanceOf(CleanroomException.class);
    assertThat(engine.tables()).isEmpty();
  }

  @Test
  void settings_allocatorKeepsFreedMemoryUpToTheLimit() {
    try (DuckDbEngine limited = DuckDbEngine.inMemory("300MB", 1)) {
      // DuckDB reports most sizes in its own units (300MB is 286.1 MiB), the flush threshold as it was given.
      String limit = limited.settings().get("memory_limit");
      assertThat(limited.settings()).containsEntry("allocator_bulk_deallocation_flush_threshold", limit);
      assertThat(limited.settings().get("allocator_flush_threshold")).isIn("300MB", limit);
    }
    assertThat(DuckDbEngine.allocatorSettings()).containsOnlyKeys("allocator_flush_threshold",
        "allocator_bulk_deallocation_flush_threshold");
  }

  @Test
  void settings_protectiveValues_inForce() {
    assertThat(engine.settings())
        .containsEntry("temp_directory", "")
        .containsEntry("enable_external_access", "false")
        .containsEntry("autoload_known_extensions", "false")
        .containsEntry("autoinstall_known_extensions", "false")
        .containsEntry("allow_community_extensions", "false")
        .containsEntry("allow_unsigned_extensions", "false")
        .containsEntry("allow_persistent_secrets", "false")
        .containsEntry("lock_configuration", "true")
        .containsEntry("max_temp_directory_size", "0 bytes")
        .containsEntry("threads", "2");
  }

  @Test
  void materialize_queryOverLoadedTables_heldAsATable() {
    load("people", 10);

    engine.materialize("__derived_even", "SELECT id, name FROM people WHERE active");

    assertThat(engine.tables()).containsExactlyInAnyOrder("people", "__derived_even");
    assertThat(engine.execute("SELECT count(*), min(id), max(name) FROM __derived_even", List.of()).rows())
        .containsExactly(List.of(5L, 0L, "name-8"));
  }

  @Test
  void materialize_again_replacesTheTable() {
    load("people", 10);
    engine.materialize("derived", "SELECT id FROM people WHERE id < 3");

    engine.materialize("derived", "SELECT id, name FROM people WHERE id >= 3");

    assertThat(engine.execute("SELECT count(*), min(id) FROM derived", List.of()).rows())
        .containsExactly(List.of(7L, 3L));
    assertThat(engine.tables()).containsExactlyInAnyOrder("people", "derived");
  }

  @Test
  void materialize_failingOnTheData_keepsTheOldTableAndLeavesNothingBehind() {
    load("people", 10);
    engine.materialize("derived", "SELECT id FROM people WHERE id < 3");

    assertThatThrownBy(() -> engine.materialize("derived", "SELECT CAST(name AS BIGINT) AS id FROM people"))
        .isInstanceOf(CleanroomException.class)
        .hasMessageNotContaining("name-");

    assertThat(engine.execute("SELECT count(*) FROM derived", List.of()).rows()).containsExactly(List.of(3L));
    assertThat(engine.execute("SELECT count(*) FROM duckdb_tables", List.of()).rows())
        .as("no staging table left").containsExactly(List.of(2L));
  }

  @Test
  void materialize_badName_refused() {
    load("people", 1);

    assertThatThrownBy(() -> engine.materialize("cleanroom_staging_7", "SELECT id FROM people"))
        .isInstanceOf(CleanroomException.class).hasMessageContaining("reserved");
    assertThatThrownBy(() -> engine.materialize("a b", "SELECT id FROM people"))
        .isInstanceOf(CleanroomException.class).hasMessageContaining("not valid");
  }

  private long load(String table, int rows) {
    try (TableLoader loader = engine.load(table, ALL_TYPES)) {
      Object[] row = new Object[5];
      for (int index = 0; index < rows; index++) {
        row[0] = (long) index;
        row[1] = index * 0.5;
        row[2] = index % 2 == 0;
        row[3] = LocalDate.of(2000, 1, 1).plusDays(index % 10_000);
        row[4] = "name-" + index;
        loader.row(row);
      }
      return loader.finish();
    }
  }
}
