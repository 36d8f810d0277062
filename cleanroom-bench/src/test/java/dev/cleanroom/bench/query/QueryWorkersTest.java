package dev.cleanroom.bench.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cleanroom.engine.duckdb.DuckDbEngine;
import dev.cleanroom.policy.Decision;
import dev.cleanroom.policy.PolicyChecker;
import dev.cleanroom.policy.TableInfo;
import dev.cleanroom.runtime.ConfidentialRuntime;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The query section's worker processes, started for real with this test's class path. */
class QueryWorkersTest {
  @TempDir
  static Path directory;
  private static EncryptedTables tables;

  @BeforeAll
  static void writeTables() throws Exception {
    tables = EncryptedTables.write(new BankMerchantData(2_000, 2_000, QuerySection.SEED), directory);
  }

  @Test
  void prepare_returnsTheSqlTheCheckerApprovesOverTheMeasuredTables() throws Exception {
    QueryWorker.Output prepared = new QueryWorkers(tables, directory).prepare(Workload.all());

    assertThat(prepared.prepared()).hasSize(Workload.all().size());
    try (DuckDbEngine engine = DuckDbEngine.inMemory()) {
      for (EncryptedTables.Table table : tables.tables()) {
        LoadPaths.run(LoadPaths.Step.RUNTIME_LOAD, tables, table, engine);
      }
      // The reference measures by SQL over the loaded tables; the runtime counts while it loads.
      List<TableInfo> measured = RoomTables.plain().stream()
          .map(table -> ConfidentialRuntime.measured(engine, table)
              .withSubjectNeverNull(nullSubjects(engine, table) == 0))
          .toList();
      for (QueryWorker.QueryTexts query : prepared.prepared()) {
        Decision.Allowed allowed = RuntimeQueryPath.check(new PolicyChecker(measured), query.sql());
        assertThat(query.screening()).isEqualTo(allowed.screening().orElseThrow().sql());
        assertThat(query.exact()).isEqualTo(allowed.sql());
      }
    }
    assertThat(prepared.measured()).anyMatch(line -> line.startsWith("customers: rows per subject OptionalLong[1]"));
  }

  private static long nullSubjects(DuckDbEngine engine, TableInfo table) {
    return (Long) engine.execute("SELECT COUNT(*) FROM " + table.name() + " WHERE " + table.policy().subject()
        + " IS NULL", List.of()).rows().get(0).get(0);
  }

  @Test
  void plainAndRuntime_timeEveryQueryOfTheLastRound_andReleaseTheSameGroupsAsTheWorkloadHas() throws Exception {
    QueryWorkers workers = new QueryWorkers(tables, directory);
    List<QueryWorker.QueryTexts> prepared = workers.prepare(Workload.all()).prepared();

    QueryWorkers.Trial trial = workers.trial(prepared, 2, 3, true, false);
    QueryWorker.Output plain = trial.plain();
    QueryWorker.Output runtime = trial.runtime();

    assertThat(plain.plain()).hasSize(Workload.all().size())
        .allSatisfy(times -> assertThat(times.exactNanos()).isPositive());
    assertThat(runtime.runs()).hasSize(Workload.all().size())
        .allSatisfy(run -> assertThat(run.totalNanos()).isPositive());
    // spend-by-age-band: six age bands, each far above the threshold at 2,000 customers.
    assertThat(runtime.runs().get(0).rowsReleased()).isEqualTo(6);
    assertThat(runtime.runs().get(2).rowsReleased()).isEqualTo(10);
    assertThat(workers.trial(prepared, 1, 0, false, true).plain().plain())
        .allSatisfy(times -> assertThat(times.exactNanos()).isEqualTo(-1));
  }

  @Test
  void prepareAndTrial_tamperedCiphertext_failNamingTheWorker_andLeaveNoKeyFileBehind() throws Exception {
    Path copy = Files.createDirectories(directory.resolve("tampered"));
    EncryptedTables tampered = EncryptedTables.write(new BankMerchantData(200, 200, 7), copy);
    try (RandomAccessFile file = new RandomAccessFile(tampered.tables().get(1).ciphertext().toFile(), "rw")) {
      file.seek(file.length() / 2);
      int value = file.read();
      file.seek(file.length() / 2);
      file.write(value ^ 0x01);
    }
    QueryWorkers workers = new QueryWorkers(tampered, copy);
    List<QueryWorker.QueryTexts> prepared = new QueryWorkers(tables, directory).prepare(Workload.all()).prepared();

    assertThatThrownBy(() -> workers.prepare(Workload.all()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("the prepare query worker failed");
    // In a trial the plain worker loads the plaintext and waits for its turn; the runtime worker cannot load.
    assertThatThrownBy(() -> workers.trial(prepared, 1, 0, false, true))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("the runtime query worker stopped before saying");
    try (var files = Files.list(copy)) {
      assertThat(files.map(path -> path.getFileName().toString())).noneMatch(name -> name.startsWith("worker-"));
    }
  }
}
