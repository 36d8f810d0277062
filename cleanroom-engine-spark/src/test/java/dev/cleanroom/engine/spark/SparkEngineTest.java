package dev.cleanroom.engine.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.ErrorCode;
import dev.cleanroom.core.dataset.ColumnSchema;
import dev.cleanroom.core.dataset.ColumnType;
import dev.cleanroom.core.dataset.ColumnUse;
import dev.cleanroom.core.dataset.DatasetPolicy;
import dev.cleanroom.core.dataset.PrivacySettings;
import dev.cleanroom.core.engine.ResultTable;
import dev.cleanroom.core.engine.TableLoader;
import dev.cleanroom.core.party.PartyId;
import dev.cleanroom.policy.EngineDialect;
import dev.cleanroom.policy.TableInfo;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The engine port on Spark: loads, typed results, bound parameters, rooms kept apart, and the settings in force. */
class SparkEngineTest {
  private static final List<ColumnSchema> SCHEMA = List.of(new ColumnSchema("id", ColumnType.BIGINT),
      new ColumnSchema("region", ColumnType.VARCHAR), new ColumnSchema("amount", ColumnType.DOUBLE),
      new ColumnSchema("active", ColumnType.BOOLEAN), new ColumnSchema("joined", ColumnType.DATE));

  private SparkEngine engine;

  @BeforeEach
  void open() {
    engine = SharedSpark.cluster().newEngine();
    try (TableLoader loader = engine.load("t", SCHEMA)) {
      for (long id = 1; id <= 10; id++) {
        loader.row(new Object[] {id, id % 2 == 0 ? "North" : "South", id * 1.5, id % 3 == 0,
            LocalDate.of(2026, 1, (int) id)});
      }
      loader.row(new Object[] {11L, null, null, null, null});
      assertThat(loader.finish()).isEqualTo(11);
    }
  }

  @AfterEach
  void close() {
    engine.close();
  }

  @Test
  void execute_aggregateWithParameters_returnsTypedRows() {
    ResultTable result = engine.execute("SELECT region, COUNT(*) AS n, SUM(id) AS total, AVG(amount) AS mean,"
        + " MAX(joined) AS latest FROM t WHERE id <= ? AND region = ? GROUP BY region", List.of(8L, "North"));

    assertThat(result.columns()).extracting(ResultTable.Column::type).containsExactly(ColumnType.VARCHAR,
        ColumnType.BIGINT, ColumnType.BIGINT, ColumnType.DOUBLE, ColumnType.DATE);
    assertThat(result.rows()).containsExactly(List.of("North", 4L, 20L, 7.5, LocalDate.of(2026, 1, 8)));
  }

  @Test
  void execute_cappedDistinctCount_countsDistinctNonNullValuesUpToTheCap() {
    // North holds ids 2, 4, 6, 8, 10; South 1, 3, 5, 7, 9; the NULL region id 11.
    ResultTable result = engine.execute("SELECT region, cleanroom_distinct_up_to(id, 3) AS capped,"
        + " cleanroom_distinct_up_to(id, 100) AS exact, cleanroom_distinct_up_to(id % 4, 100) AS repeated,"
        + " cleanroom_distinct_up_to(CASE WHEN id > 5 THEN id END, 100) AS some_null"
        + " FROM t GROUP BY region ORDER BY region NULLS FIRST", List.of());

    assertThat(result.columns()).extracting(ResultTable.Column::type).containsExactly(ColumnType.VARCHAR,
        ColumnType.BIGINT, ColumnType.BIGINT, ColumnType.BIGINT, ColumnType.BIGINT);
    assertThat(result.rows()).containsExactly(
        java.util.Arrays.asList(null, 1L, 1L, 1L, 1L),
        List.of("North", 3L, 5L, 2L, 3L),
        List.of("South", 3L, 5L, 2L, 2L));
  }

  @Test
  void execute_parameterHoldingSql_isAValueNotText() {
    ResultTable result = engine.execute("SELECT COUNT(*) AS n FROM t WHERE region = ?",
        List.of("North' OR '1'='1"));

    assertThat(result.rows()).containsExactly(List.of(0L));
  }

  @Test
  void execute_decimalArithmetic_comesBackAsDouble() {
    ResultTable result = engine.execute("SELECT SUM(amount) * 1.5 AS scaled, COUNT(active) AS flagged FROM t",
        List.of());

    assertThat(result.columns()).extracting(ResultTable.Column::type)
        .containsExactly(ColumnType.DOUBLE, ColumnType.BIGINT);
    assertThat(result.rows().get(0).get(0)).isEqualTo(123.75);
  }

  @Test
  void execute_unsupportedResultType_refusedNamingTheColumn() {
    assertThatThrownBy(() -> engine.execute("SELECT array(id) AS ids FROM t", List.of()))
        .isInstanceOf(CleanroomException.class).hasMessageContaining("'ids'");
  }

  @Test
  void execute_failureOnTheData_withholdsSparksMessage() {
    assertThatThrownBy(() -> engine.execute("SELECT CAST(region AS BIGINT) AS broken FROM t", List.of()))
        .isInstanceOf(CleanroomException.class)
        .satisfies(e -> assertThat(((CleanroomException) e).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
        .hasMessageContaining("withheld")
        .hasMessageNotContaining("North").hasMessageNotContaining("South");
  }

  @Test
  void materialize_boundedCopyOfADpTable_keepsTheLimitPerSubject() {
    PartyId analyst = PartyId.of("analyst");
    TableInfo byRegion = new TableInfo("t", analyst, SCHEMA, new DatasetPolicy("t", "region", 5,
        Map.of("amount", EnumSet.of(ColumnUse.AGGREGATE)), Map.of(), Set.of(analyst), Set.of(analyst),
        Optional.of(new PrivacySettings(5.0, 1.0, 2, Map.of()))));

    engine.materialize(byRegion.boundedCopyName(), byRegion.boundedCopySql(EngineDialect.SPARK));

    assertThat(engine.tables()).containsExactlyInAnyOrder("t", byRegion.boundedCopyName());
    // North and South hold five rows each, the NULL region one.
    assertThat(engine.execute("SELECT region, COUNT(*) AS n, COUNT(DISTINCT id) AS ids FROM "
        + byRegion.boundedCopyName() + " GROUP BY region ORDER BY region NULLS FIRST", List.of()).rows())
        .containsExactly(Arrays.asList(null, 1L, 1L), List.of("North", 2L, 2L), List.of("South", 2L, 2L));
  }

  @Test
  void materialize_statementOtherThanAQuery_refusedAndNothingMade() {
    assertThatThrownBy(() -> engine.materialize("derived", "DROP VIEW t")).isInstanceOf(CleanroomException.class);
    assertThatThrownBy(() -> engine.materialize("derived", "SELECT * FROM missing"))
        .isInstanceOf(CleanroomException.class);

    assertThat(engine.tables()).containsExactly("t");
  }

  @Test
  void rooms_doNotSeeEachOthersTables() {
    SparkEngine other = SharedSpark.cluster().newEngine();
    try {
      assertThat(other.tables()).isEmpty();
      assertThatThrownBy(() -> other.execute("SELECT COUNT(*) FROM t", List.of()))
          .isInstanceOf(CleanroomException.class).hasMessageContaining("'t' is not a loaded table");
    } finally {
      other.close();
    }
  }

  @Test
  void load_closedWithoutFinish_leavesNoTable() {
    try (TableLoader loader = engine.load("abandoned", SCHEMA)) {
      loader.row(new Object[] {1L, "x", 1.0, true, LocalDate.of(2026, 1, 1)});
    }

    assertThat(engine.tables()).containsExactly("t");
  }

  @Test
  void drop_removesTheTable() {
    engine.drop("t");

    assertThat(engine.tables()).isEmpty();
    assertThatThrownBy(() -> engine.execute("SELECT COUNT(*) FROM t", List.of()))
        .isInstanceOf(CleanroomException.class);
  }

  @Test
  void closedEngine_refusesWork() {
    engine.close();

    assertThatThrownBy(() -> engine.execute("SELECT 1", List.of()))
        .isInstanceOf(CleanroomException.class).hasMessageContaining("closed");
  }

  @Test
  void cluster_runsWithEncryptedSpillsAuthenticatedRpcAndNoUi() {
    assertThat(SharedSpark.cluster().settings())
        .containsEntry("spark.io.encryption.enabled", "true")
        .containsEntry("spark.authenticate", "true")
        .containsEntry("spark.network.crypto.enabled", "true")
        .containsEntry("spark.ui.enabled", "false")
        .containsEntry("spark.eventLog.enabled", "false")
        .containsEntry("spark.sql.runSQLOnFiles", "false");
  }
}
