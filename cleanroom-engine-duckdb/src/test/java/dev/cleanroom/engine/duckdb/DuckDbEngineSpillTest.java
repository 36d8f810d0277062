package dev.cleanroom.engine.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.ErrorCode;
import dev.cleanroom.core.dataset.ColumnSchema;
import dev.cleanroom.core.dataset.ColumnType;
import dev.cleanroom.core.engine.TableLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Plaintext must never reach the disk. A small memory limit and queries that need more than it: they fail (or
 * finish in memory), and no file appears in java.io.tmpdir and the working directory (both target/test-work by the
 * POM; DuckDB's default {@code .tmp} spill directory would be there) or ~/.duckdb.
 */
class DuckDbEngineSpillTest {
  private static final String MARKER = "SPILLMARK";

  @Test
  void execute_queryLargerThanMemoryLimit_failsAndWritesNothing() {
    List<Path> watched = DiskScan.watchedDirectories();
    List<String> outcomes = new ArrayList<>();
    try (DuckDbEngine engine = DuckDbEngine.inMemory("64MB", 2)) {
      loadDistinctiveStrings(engine, 400_000);
      Set<String> before = DiskScan.snapshot(watched);

      outcomes.add(outcome(engine, "SELECT count(*) FROM (SELECT s || '-' || r.x::VARCHAR || repeat('p', 40) AS k,"
          + " count(*) FROM secrets, range(8) r(x) GROUP BY k)"));
      outcomes.add(outcome(engine, "SELECT max(rn) FROM (SELECT row_number() OVER (ORDER BY s || repeat('q', 60)"
          + " || r.x::VARCHAR) AS rn FROM secrets, range(4) r(x))"));
      outcomes.add(outcome(engine, "SELECT count(*) FROM (SELECT a.s FROM secrets a JOIN secrets b ON a.s = b.s"
          + " || '' ORDER BY a.s || b.s || repeat('j', 50))"));

      Set<String> after = DiskScan.snapshot(watched);
      Set<String> created = new TreeSet<>(after);
      created.removeAll(before);
      System.out.println("outcomes under a 64MB limit: " + outcomes);
      assertThat(created).as("files created or grown while querying").isEmpty();
      assertThat(outcomes).contains("TOO_LARGE").allMatch(o -> o.equals("TOO_LARGE") || o.equals("succeeded"));
      assertThat(engine.execute("SELECT count(*) FROM secrets", List.of()).rows()).containsExactly(List.of(400_000L));
    }
    assertThat(DiskScan.filesContaining(watched, MARKER)).as("files holding the table's strings").isEmpty();
  }

  @Test
  void load_tableLargerThanMemoryLimit_failsAndWritesNothing() {
    List<Path> watched = DiskScan.watchedDirectories();
    Set<String> before = DiskScan.snapshot(watched);
    try (DuckDbEngine engine = DuckDbEngine.inMemory("32MB", 1)) {
      CleanroomException failure = null;
      try {
        loadDistinctiveStrings(engine, 3_000_000);
      } catch (CleanroomException e) {
        failure = e;
      }
      assertThat(failure).isNotNull();
      assertThat(failure.code()).isEqualTo(ErrorCode.TOO_LARGE);
      assertThat(failure).hasMessageNotContaining(MARKER);
      assertThat(engine.tables()).isEmpty();
    }
    Set<String> created = new TreeSet<>(DiskScan.snapshot(watched));
    created.removeAll(before);
    assertThat(created).isEmpty();
    assertThat(DiskScan.filesContaining(watched, MARKER)).isEmpty();
  }

  /**
   * Why the engine sets {@code temp_directory=''}: in DuckDB 2.0, {@code max_temp_directory_size='0B'} alone does not
   * stop spilling. Runs the same kind of workload on a bare database with only that bound and a temp directory of
   * its own, and finds spill files there.
   */
  @Test
  void duckDb_maxTempDirectorySizeZeroAlone_stillSpills() throws IOException, SQLException {
    Path spillDirectory = Files.createTempDirectory(Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"))),
        "spill-proof");
    Properties properties = new Properties();
    properties.setProperty("memory_limit", "64MB");
    properties.setProperty("threads", "2");
    properties.setProperty("max_temp_directory_size", "0B");
    properties.setProperty("temp_directory", spillDirectory.toString());
    List<Path> spilled;
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:", properties);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE t AS SELECT 'UNGUARDED' || i::VARCHAR || repeat('y', 20) AS s FROM range(3000000) r(i)");
      statement.execute("SELECT count(*) FROM (SELECT s, count(*) FROM t GROUP BY s)");
      try (Stream<Path> files = Files.walk(spillDirectory)) {
        spilled = files.filter(Files::isRegularFile).toList();
      }
    } finally {
      try (Stream<Path> files = Files.walk(spillDirectory)) {
        files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
    assertThat(spilled).isNotEmpty();
  }

  private static String outcome(DuckDbEngine engine, String sql) {
    try {
      engine.execute(sql, List.of());
      return "succeeded";
    } catch (CleanroomException e) {
      assertThat(e).hasMessageNotContaining(MARKER);
      return e.code().name();
    }
  }

  private static void loadDistinctiveStrings(DuckDbEngine engine, int rows) {
    try (TableLoader loader = engine.load("secrets", List.of(new ColumnSchema("id", ColumnType.BIGINT),
        new ColumnSchema("s", ColumnType.VARCHAR)))) {
      for (int index = 0; index < rows; index++) {
        loader.row(new Object[] {(long) index, MARKER + String.format("%07d", index)});
      }
      loader.finish();
    }
  }
}
