package dev.cleanroom.engine.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.ErrorCode;
import dev.cleanroom.core.dataset.ColumnSchema;
import dev.cleanroom.core.dataset.ColumnType;
import dev.cleanroom.core.engine.TableLoader;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Spark engine's last line of defence, behind the policy checker: statements that would reach files, the JVM,
 * the session or other tables are refused before Spark analyses them, whatever the checker let through.
 */
class SparkStatementGuardTest {
  private static SparkEngine engine;

  @BeforeAll
  static void open() {
    engine = SharedSpark.cluster().newEngine();
    try (TableLoader loader = engine.load("t", List.of(new ColumnSchema("id", ColumnType.BIGINT),
        new ColumnSchema("secret", ColumnType.VARCHAR)))) {
      loader.row(new Object[] {1L, "s1"});
      loader.row(new Object[] {2L, "s2"});
      loader.finish();
    }
  }

  @AfterAll
  static void close() {
    engine.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "SET spark.sql.runSQLOnFiles=true",
      "RESET",
      "CACHE TABLE t",
      "UNCACHE TABLE t",
      "CLEAR CACHE",
      "REFRESH TABLE t",
      "CREATE TEMPORARY VIEW v AS SELECT * FROM t",
      "CREATE TABLE copy AS SELECT * FROM t",
      "INSERT INTO t VALUES (3, 's3')",
      "DROP TABLE t",
      "DROP VIEW t",
      "ADD JAR /tmp/evil.jar",
      "ADD FILE /etc/passwd",
      "DESCRIBE t",
      "SHOW TABLES",
      "EXPLAIN SELECT * FROM t",
      "USE other",
      "SELECT * FROM parquet.`/etc`",
      "SELECT * FROM csv.`/etc/passwd`",
      "SELECT * FROM text.`/etc/passwd`",
      "SELECT * FROM json.`/tmp`",
      "SELECT * FROM spark_catalog.default.t",
      "SELECT * FROM global_temp.t",
      "SELECT * FROM range(10)",
      "SELECT * FROM read_files('/etc/passwd')",
      "SELECT * FROM explode(array(1, 2))",
      "SELECT reflect('java.lang.System', 'getenv', 'HOME')",
      "SELECT java_method('java.lang.System', 'getProperty', 'user.home')",
      "SELECT try_reflect('java.lang.Runtime', 'getRuntime')",
      "SELECT id, input_file_name() FROM t",
      "SELECT current_user()",
      "SELECT COUNT(*) FROM t WHERE id IN (SELECT id FROM hidden)",
      "WITH x AS (SELECT reflect('java.lang.System', 'exit', 0) AS r) SELECT r FROM x",
      "SELECT (SELECT MAX(id) FROM other) AS m FROM t",
      "SELECT catalog.schema.fn(id) FROM t",
      "SELECT aes_decrypt(secret, 'k') FROM t",
      "SELECT raise_error(secret) FROM t",
      "SELECT 1; SELECT 2",
      "MERGE INTO t USING t s ON t.id = s.id WHEN MATCHED THEN DELETE",
  })
  void execute_statementReachingBeyondTheTables_refusedBeforeSparkRunsIt(String sql) {
    assertThatThrownBy(() -> engine.execute(sql, List.of()))
        .isInstanceOf(CleanroomException.class)
        .satisfies(e -> assertThat(((CleanroomException) e).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    assertThat(engine.tables()).containsExactly("t");
    assertThat(engine.execute("SELECT COUNT(*) AS n FROM t", List.of()).rows()).containsExactly(List.of(2L));
  }

  @Test
  void execute_cteAndSubqueryOverLoadedTables_allowed() {
    assertThat(engine.execute("WITH small AS (SELECT id FROM t WHERE id < ?) SELECT COUNT(*) AS n FROM small"
        + " WHERE id IN (SELECT id FROM t)", List.of(2L)).rows()).containsExactly(List.of(1L));
  }

  @Test
  void execute_tableNameInOtherCase_allowed() {
    assertThat(engine.execute("SELECT COUNT(*) AS n FROM T", List.of()).rows()).containsExactly(List.of(2L));
  }
}
