package dev.cleanroom.engine.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.ErrorCode;
import dev.cleanroom.core.engine.TableLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DuckDbEngineRefusalTest {
  private static final String FILE_MARKER = "FILECONTENT7731";
  private static final String DATA_MARKER = "SECRETNAME4409";

  private static DuckDbEngine engine;
  private static Path directory;
  private static Path csv;
  private static Path parquet;

  @BeforeAll
  static void setUp() throws IOException, SQLException {
    directory = Files.createTempDirectory(Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"))), "files");
    csv = directory.resolve("secret.csv");
    Files.writeString(csv, "a,b\n" + FILE_MARKER + ",1\n", StandardCharsets.UTF_8);
    parquet = directory.resolve("secret.parquet");
    try (Connection unrestricted = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = unrestricted.createStatement()) {
      statement.execute("COPY (SELECT '" + FILE_MARKER + "' AS a) TO '" + parquet + "' (FORMAT parquet)");
    }
    engine = DuckDbEngine.inMemory("512MB", 2);
    try (TableLoader loader = engine.load("people", DuckDbEngineLoadTest.ALL_TYPES)) {
      loader.row(new Object[] {1L, 2.0, true, LocalDate.of(2020, 1, 1), DATA_MARKER});
      loader.finish();
    }
  }

  @AfterAll
  static void tearDown() throws IOException {
    engine.close();
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "SELECT * FROM read_csv('%CSV%')",
      "SELECT * FROM read_csv_auto('%CSV%')",
      "SELECT * FROM '%CSV%'",
      "SELECT * FROM read_parquet('%PARQUET%')",
      "SELECT * FROM '%PARQUET%'",
      "SELECT * FROM parquet_scan('%PARQUET%')",
      "SELECT * FROM read_text('%CSV%')",
      "SELECT * FROM read_blob('%CSV%')",
      "SELECT * FROM read_json('%CSV%')",
      "SELECT * FROM glob('%DIR%/*')",
      "SELECT * FROM people, read_csv('%CSV%') AS f",
      "SELECT (SELECT max(a) FROM read_csv('%CSV%')) FROM people",
      "WITH f AS (SELECT * FROM read_text('%CSV%')) SELECT * FROM f",
      "SELECT * FROM query('SELECT * FROM read_csv(''%CSV%'')')",
      "SELECT * FROM query_table('%CSV%')",
      "SELECT * FROM duckdb_settings()",
      "SELECT * FROM sniff_csv('%CSV%')"})
  void execute_fileReadingQuery_refused(String template) {
    String sql = template.replace("%CSV%", csv.toString()).replace("%PARQUET%", parquet.toString())
        .replace("%DIR%", directory.toString());

    assertRefusedWithout(() -> engine.execute(sql, List.of()), FILE_MARKER);
  }

  @Test
  void execute_readCsv_refused() {
    assertRefusedWithout(() -> engine.execute("SELECT * FROM read_csv(?)", List.of(csv.toString())), FILE_MARKER);
  }

  @Test
  void execute_copyToFile_refusedAndNoFileCreated() {
    Path target = directory.resolve("copied.csv");

    assertRefusedWithout(() -> engine.execute("COPY (SELECT * FROM people) TO '" + target + "'", List.of()), DATA_MARKER);
    assertRefusedWithout(() -> engine.execute("COPY people TO '" + target + "' (FORMAT parquet)", List.of()), DATA_MARKER);
    assertRefusedWithout(() -> engine.execute("EXPORT DATABASE '" + directory.resolve("export") + "'", List.of()),
        DATA_MARKER);

    assertThat(target).doesNotExist();
    assertThat(directory.resolve("export")).doesNotExist();
  }

  @Test
  void execute_attach_refusedAndNoFileCreated() {
    Path database = directory.resolve("attached.db");

    assertRefusedWithout(() -> engine.execute("ATTACH '" + database + "' AS other", List.of()), DATA_MARKER);

    assertThat(database).doesNotExist();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "PRAGMA version", "PRAGMA enable_profiling", "PRAGMA database_list",
      "SET temp_directory = '/tmp'", "SET enable_external_access = true", "SET lock_configuration = false",
      "RESET temp_directory", "RESET ALL", "SET VARIABLE x = 1", "SET threads = 1",
      "INSTALL httpfs", "LOAD httpfs", "FORCE INSTALL httpfs", "LOAD '/tmp/evil.duckdb_extension'",
      "INSERT INTO people VALUES (2, 1.0, true, DATE '2020-01-01', 'x')", "UPDATE people SET name = 'x'",
      "DELETE FROM people", "CREATE TABLE t AS SELECT * FROM people", "CREATE VIEW v AS SELECT 1",
      "CREATE MACRO m(x) AS x", "CREATE SECRET s (TYPE s3, KEY_ID 'a', SECRET 'b')", "DROP TABLE people",
      "ALTER TABLE people RENAME TO p", "TRUNCATE people", "CHECKPOINT", "VACUUM", "BEGIN TRANSACTION", "COMMIT",
      "CALL pragma_version()", "EXPLAIN SELECT * FROM people", "EXPLAIN ANALYZE SELECT * FROM people",
      "USE memory", "DETACH memory", "DESCRIBE people", "SHOW TABLES",
      "SELECT 1; SELECT 2", "SELECT * FROM people; DROP TABLE people", "SELECT 1; SET threads = 1",
      "SELEC 1", ";"})
  void execute_nonQueryStatement_refused(String sql) {
    assertRefusedWithout(() -> engine.execute(sql, List.of()), DATA_MARKER);

    assertThat(engine.execute("SELECT count(*) FROM people", List.of()).rows()).containsExactly(List.of(1L));
    assertThat(engine.settings()).containsEntry("temp_directory", "").containsEntry("lock_configuration", "true");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "SELECT * FROM read_csv('%CSV%')", "SELECT * FROM read_parquet('%PARQUET%')", "SELECT * FROM glob('%DIR%/*')",
      "SELECT * FROM people, read_text('%CSV%') AS f", "COPY people TO '%DIR%/derived.csv'", "DROP TABLE people",
      "SELECT * FROM people; DROP TABLE people", "SET threads = 1", "ATTACH '%DIR%/derived.db' AS other"})
  void materialize_anythingButAQueryOverLoadedTables_refusedAndNothingMade(String template) {
    String sql = template.replace("%CSV%", csv.toString()).replace("%PARQUET%", parquet.toString())
        .replace("%DIR%", directory.toString());

    assertRefusedWithout(() -> engine.materialize("derived", sql), FILE_MARKER);

    assertThat(engine.tables()).containsExactly("people");
    assertThat(engine.execute("SELECT count(*) FROM people", List.of()).rows()).containsExactly(List.of(1L));
    assertThat(directory.resolve("derived.csv")).doesNotExist();
    assertThat(directory.resolve("derived.db")).doesNotExist();
  }

  @Test
  void execute_currentSetting_readsButCannotChange() {
    // Documented behaviour: a SELECT may read a setting's value (nothing secret is configured), never change it.
    assertThat(engine.execute("SELECT current_setting('temp_directory') AS t,"
        + " current_setting('enable_external_access') AS e", List.of()).rows())
        .containsExactly(List.of("", false));
  }

  @Test
  void execute_conversionOfData_failsWithoutQuotingValue() {
    assertThatThrownBy(() -> engine.execute("SELECT CAST(name AS INTEGER) FROM people", List.of()))
        .isInstanceOf(CleanroomException.class)
        .hasMessageContaining("Conversion Error")
        .hasMessageNotContaining(DATA_MARKER)
        .satisfies(e -> assertThat(e.getCause()).isNull());
  }

  @Test
  void execute_errorFunctionOverData_messageWithheld() {
    // error() would otherwise carry a value out through the message, bypassing whatever the policy allows.
    assertThatThrownBy(() -> engine.execute("SELECT error('leak: ' || name) FROM people", List.of()))
        .isInstanceOf(CleanroomException.class)
        .hasMessageContaining("withheld")
        .hasMessageNotContaining(DATA_MARKER);
  }

  @Test
  void execute_parserError_namesProblem() {
    assertThatThrownBy(() -> engine.execute("SELEC name FROM people", List.of()))
        .isInstanceOf(CleanroomException.class)
        .hasMessageContaining("not valid SQL").hasMessageContaining("SELEC");
  }

  @Test
  void startupSettings_withoutGuard_stillBlockFilesAndSettings() throws SQLException {
    // The settings are the second line: even a statement that passed the guard cannot read files or reconfigure.
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:", DuckDbSettings.startup("256MB", 1))) {
      assertThatThrownBy(() -> run(connection, "SELECT * FROM read_csv('" + csv + "')"))
          .hasMessageContaining("Permission Error").hasMessageNotContaining(FILE_MARKER);
      assertThatThrownBy(() -> run(connection, "COPY (SELECT 1) TO '" + directory.resolve("raw.csv") + "'"))
          .hasMessageContaining("Permission Error");
      assertThatThrownBy(() -> run(connection, "SET temp_directory = '" + directory + "'"))
          .hasMessageContaining("the configuration has been locked");
      assertThatThrownBy(() -> run(connection, "SET enable_external_access = true"))
          .hasMessageContaining("the configuration has been locked");
      assertThatThrownBy(() -> run(connection, "LOAD httpfs")).isInstanceOf(SQLException.class);
      assertThat(directory.resolve("raw.csv")).doesNotExist();
    }
  }

  private static void run(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static void assertRefusedWithout(ThrowingCallable call, String marker) {
    assertThatThrownBy(call)
        .isInstanceOf(CleanroomException.class)
        .hasMessageNotContaining(marker)
        .satisfies(e -> assertThat(((CleanroomException) e).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
  }
}
