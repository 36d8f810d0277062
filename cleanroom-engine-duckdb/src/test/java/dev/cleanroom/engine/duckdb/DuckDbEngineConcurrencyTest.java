package dev.cleanroom.engine.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cleanroom.core.engine.TableLoader;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DuckDbEngineConcurrencyTest {
  private static final int BASE_ROWS = 100_000;

  private DuckDbEngine engine;
  private ExecutorService executor;

  @BeforeEach
  void open() {
    engine = DuckDbEngine.inMemory("1GB", 2);
    executor = Executors.newFixedThreadPool(6);
  }

  @AfterEach
  void close() throws InterruptedException {
    executor.shutdownNow();
    executor.awaitTermination(30, TimeUnit.SECONDS);
    engine.close();
  }

  @Test
  void execute_whileAnotherThreadLoadsAndReplaces_alwaysSeesWholeTable() throws Exception {
    load("base", BASE_ROWS);
    AtomicBoolean loading = new AtomicBoolean(true);
    List<Future<Integer>> readers = new ArrayList<>();
    for (int reader = 0; reader < 4; reader++) {
      long modulus = reader + 2;
      readers.add(executor.submit(() -> {
        int queries = 0;
        while (loading.get() || queries < 20) {
          List<Object> row = engine.execute(
              "SELECT count(*) AS n, sum(id) AS total FROM base WHERE id % ? = 0", List.of(modulus)).rows().get(0);
          long expectedCount = (BASE_ROWS + modulus - 1) / modulus;
          assertThat(row.get(0)).isEqualTo(expectedCount);
          assertThat(row.get(1)).isEqualTo(modulus * (expectedCount - 1) * expectedCount / 2);
          queries++;
        }
        return queries;
      }));
    }
    Future<?> writer = executor.submit((Callable<Void>) () -> {
      try {
        load("other", 300_000);
        for (int round = 0; round < 3; round++) {
          load("base", BASE_ROWS);
        }
      } finally {
        loading.set(false);
      }
      return null;
    });

    writer.get(120, TimeUnit.SECONDS);
    int queries = 0;
    for (Future<Integer> reader : readers) {
      queries += reader.get(120, TimeUnit.SECONDS);
    }

    assertThat(queries).isGreaterThanOrEqualTo(80);
    assertThat(engine.tables()).containsExactlyInAnyOrder("base", "other");
    assertThat(engine.execute("SELECT count(*) FROM other", List.of()).rows()).containsExactly(List.of(300_000L));
  }

  @Test
  void load_sameTableFromTwoThreads_lastFinishWinsWithoutConflict() throws Exception {
    List<Future<Long>> loads = new ArrayList<>();
    for (int thread = 0; thread < 4; thread++) {
      int rows = 10_000 * (thread + 1);
      loads.add(executor.submit(() -> load("shared", rows)));
    }
    for (Future<Long> load : loads) {
      load.get(60, TimeUnit.SECONDS);
    }

    long count = (Long) engine.execute("SELECT count(*) FROM shared", List.of()).rows().get(0).get(0);
    assertThat(count).isIn(10_000L, 20_000L, 30_000L, 40_000L);
    assertThat(engine.tables()).containsExactly("shared");
    assertThat(engine.execute("SELECT count(*) FROM duckdb_tables", List.of()).rows()).containsExactly(List.of(1L));
  }

  @Test
  void execute_smallQueries_overheadPerQuery() {
    load("base", 1_000);
    for (int warmUp = 0; warmUp < 50; warmUp++) {
      engine.execute("SELECT count(*) FROM base WHERE id < ?", List.of(10L));
    }
    int queries = 500;
    long start = System.nanoTime();
    for (int query = 0; query < queries; query++) {
      engine.execute("SELECT count(*) FROM base WHERE id < ?", List.of((long) query));
    }
    double millis = (System.nanoTime() - start) / 1e6 / queries;
    System.out.printf("small query round trip (new connection, guard, prepare, run): %.2f ms%n", millis);
    assertThat(millis).isLessThan(100);
  }

  private long load(String table, int rows) {
    try (TableLoader loader = engine.load(table, DuckDbEngineLoadTest.ALL_TYPES)) {
      for (int index = 0; index < rows; index++) {
        loader.row(new Object[] {(long) index, 1.0, true, LocalDate.of(2020, 1, 1), "row-" + index});
      }
      return loader.finish();
    }
  }
}
