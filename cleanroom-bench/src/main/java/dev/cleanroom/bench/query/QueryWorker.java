package dev.cleanroom.bench.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cleanroom.bench.Blackhole;
import dev.cleanroom.crypto.dataset.DataKey;
import dev.cleanroom.engine.duckdb.DuckDbEngine;
import dev.cleanroom.policy.Decision;
import dev.cleanroom.policy.PolicyChecker;
import dev.cleanroom.policy.TableInfo;
import dev.cleanroom.privacy.RandomSource;
import dev.cleanroom.protocol.DatasetCodec;
import dev.cleanroom.runtime.ConfidentialRuntime;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One side of one query trial, in a process of its own that {@link QueryWorkers} starts: load the tables, run
 * the workload {@code rounds} times (in lockstep with the other side's process, {@link Turns}), time the last round,
 * write the times and exit. Each trial of each path gets a fresh process so that neither path inherits the other's
 * memory: DuckDB's allocator serves the whole process, and on a virtual machine where memory the guest gives back
 * costs a fault on the host to take again, which of two databases in one process ran first moved the same query's
 * time by up to 1.6x.
 *
 * <p>Usage: {@code QueryWorker INPUT.json OUTPUT.json}; the input's mode says what to do. <em>prepare</em> loads
 * the tables as the runtime does, measures them (timed) and writes the SQL the checker approves for each query;
 * <em>plain</em> loads the plaintext with DuckDB's own CSV reader and times each query's SQL as written, then, once
 * each after the rounds, the checker's screening SQL and, when asked, its exact SQL; <em>runtime</em> loads as the
 * runtime does, measures, and times {@link RuntimeQueryPath#run} of each query.
 */
public final class QueryWorker {
  private static final Logger LOG = LoggerFactory.getLogger(QueryWorker.class);
  static final ObjectMapper JSON = new ObjectMapper();

  private QueryWorker() {}

  /**
   * What to do: which path, the tables' files, the queries and, for the plain path, the checker's SQL; in
   * {@code lockstep}, each query of the rounds waits for its turn ({@link Turns}).
   */
  record Input(String mode, List<TableFiles> tables, List<QueryTexts> queries, int rounds, int warmChecks,
      boolean timeExact, boolean lockstep) {}

  /**
   * A worker in lockstep says on its standard output when it is ready to run queries, then runs each query of its
   * rounds only after reading {@link #GO} on its standard input, and says {@link #DONE} after it; so
   * {@link QueryWorkers} can have two workers take turns query by query. Out of lockstep it does nothing.
   */
  static final class Turns {
    static final String READY = "cleanroom-query-worker: ready";
    static final String GO = "go";
    static final String DONE = "cleanroom-query-worker: done";

    private final boolean lockstep;
    private final BufferedReader orders;

    Turns(boolean lockstep) {
      this.lockstep = lockstep;
      this.orders = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    }

    void ready() {
      say(READY);
    }

    void awaitTurn() throws IOException {
      if (!lockstep) {
        return;
      }
      String order = orders.readLine();
      if (!GO.equals(order)) {
        throw new IllegalStateException("expected '" + GO + "' on standard input, read " + order);
      }
    }

    void done() {
      say(DONE);
    }

    private void say(String line) {
      if (lockstep) {
        System.out.println(line);
        System.out.flush();
      }
    }
  }

  /** One table as {@link EncryptedTables} wrote it, its data key in base64. */
  record TableFiles(String name, String plaintext, String ciphertext, JsonNode manifest, String key) {
    static TableFiles of(EncryptedTables.Table table) {
      return new TableFiles(table.name(), table.plaintext().toString(), table.ciphertext().toString(),
          DatasetCodec.manifest(table.manifest()), table.key().exportBase64());
    }

    EncryptedTables.Table table() {
      return new EncryptedTables.Table(name, Path.of(plaintext), Path.of(ciphertext),
          DatasetCodec.manifest(manifest, "benchmark table " + name), DataKey.fromBase64(key));
    }
  }

  /** A query as the analyst writes it and, once prepared, the screening and exact SQL the checker returns for it. */
  record QueryTexts(String sql, String screening, String exact) {}

  /**
   * The plain path's times of one query: its SQL in the timed round, the checker's screening and exact SQL after
   * it; {@code exactNanos} is -1 when not timed.
   */
  record PlainTimes(long plainNanos, long screeningNanos, long exactNanos) {}

  /**
   * What a worker found. {@code prepared}: the queries with their checker SQL (prepare); {@code measureNanos}: how
   * long measuring the tables took (prepare and runtime); {@code measured}: each table's measurements, for the log;
   * {@code plain} and {@code runs}: the timed round, one entry per query (plain, runtime).
   */
  record Output(List<QueryTexts> prepared, long measureNanos, List<String> measured, List<PlainTimes> plain,
      List<RuntimeQueryPath.Run> runs) {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: QueryWorker INPUT.json OUTPUT.json (written by QueryWorkers)");
      System.exit(2);
    }
    Input input = JSON.readValue(Path.of(args[0]).toFile(), Input.class);
    Output output = switch (input.mode()) {
      case "prepare" -> prepare(input);
      case "plain" -> plain(input);
      case "runtime" -> runtime(input);
      default -> throw new IllegalArgumentException("unknown worker mode: " + input.mode());
    };
    Files.write(Path.of(args[1]), JSON.writeValueAsBytes(output));
  }

  private static EncryptedTables tables(Input input) {
    return EncryptedTables.of(input.tables().stream().map(TableFiles::table).toList());
  }

  private static Output prepare(Input input) throws IOException {
    EncryptedTables tables = tables(input);
    try (DuckDbEngine engine = DuckDbEngine.inMemory()) {
      Measured measured = loadAndMeasure(tables, engine);
      List<QueryTexts> prepared = new ArrayList<>();
      for (QueryTexts query : input.queries()) {
        Decision.Allowed allowed = RuntimeQueryPath.check(new PolicyChecker(measured.tables()), query.sql());
        prepared.add(new QueryTexts(query.sql(), allowed.screening().orElseThrow().sql(), allowed.sql()));
      }
      return new Output(prepared, measured.nanos(), measured.describe(), List.of(), List.of());
    }
  }

  private static Output plain(Input input) throws Exception {
    EncryptedTables tables = tables(input);
    Turns turns = new Turns(input.lockstep());
    try (PlainDuckDb plain = new PlainDuckDb()) {
      for (EncryptedTables.Table table : tables.tables()) {
        LoadPaths.plain(plain, table);
      }
      turns.ready();
      List<Long> plainNanos = new ArrayList<>();
      for (int round = 0; round < input.rounds(); round++) {
        plainNanos.clear();
        for (QueryTexts query : input.queries()) {
          turns.awaitTurn();
          plainNanos.add(timePlain(plain, query.sql()));
          turns.done();
        }
      }
      // The checker's SQL only after the timed round: run before it, it would warm this process up more than the
      // runtime's, which runs each query once per round.
      List<Long> screeningNanos = new ArrayList<>();
      for (QueryTexts query : input.queries()) {
        screeningNanos.add(timePlain(plain, query.screening()));
      }
      // Last: the exact SQL's hash sets take far more memory than the rest.
      List<PlainTimes> times = new ArrayList<>();
      for (int index = 0; index < plainNanos.size(); index++) {
        long exact = input.timeExact() ? timePlain(plain, input.queries().get(index).exact()) : -1;
        times.add(new PlainTimes(plainNanos.get(index), screeningNanos.get(index), exact));
      }
      return new Output(List.of(), 0, List.of(), times, List.of());
    }
  }

  private static Output runtime(Input input) throws IOException {
    EncryptedTables tables = tables(input);
    try (DuckDbEngine engine = DuckDbEngine.inMemory()) {
      Measured measured = loadAndMeasure(tables, engine);
      RuntimeQueryPath path = new RuntimeQueryPath(engine, measured.tables(), RandomSource.secure());
      // A runtime that has served queries has its checker compiled by the JIT; a fresh process has not, and its
      // first checks would take tens of milliseconds (seconds for the very first).
      for (int check = 0; check < input.warmChecks(); check++) {
        for (QueryTexts query : input.queries()) {
          Blackhole.consume(RuntimeQueryPath.check(new PolicyChecker(measured.tables()), query.sql()).sql().length());
        }
      }
      Turns turns = new Turns(input.lockstep());
      turns.ready();
      List<RuntimeQueryPath.Run> runs = new ArrayList<>();
      for (int round = 0; round < input.rounds(); round++) {
        runs.clear();
        for (QueryTexts query : input.queries()) {
          turns.awaitTurn();
          runs.add(path.run(query.sql()));
          turns.done();
        }
      }
      return new Output(List.of(), measured.nanos(), measured.describe(), List.of(), runs);
    }
  }

  private record Measured(List<TableInfo> tables, long nanos) {
    List<String> describe() {
      return tables.stream().map(table -> table.name() + ": rows per subject " + table.maxRowsPerSubject()
          + ", per join-key value " + table.maxRowsPerKey()).toList();
    }
  }

  /**
   * Loads every table as the runtime does on key release, counting each table's rows per subject and per join-key
   * value on the way (which let screening bound group sizes from row counts), then measures what the runtime
   * still measures over the loaded tables once per release (the ranges of DP-bounded columns; these tables have
   * none).
   */
  private static Measured loadAndMeasure(EncryptedTables tables, DuckDbEngine engine) throws IOException {
    List<TableInfo> counted = new ArrayList<>();
    for (EncryptedTables.Table table : tables.tables()) {
      counted.add(LoadPaths.loadCounting(tables, table, engine));
    }
    long start = System.nanoTime();
    List<TableInfo> measured = counted.stream()
        .map(table -> ConfidentialRuntime.measuredAfterCounting(engine, table)).toList();
    long nanos = System.nanoTime() - start;
    LOG.debug("tables measured in {} ms", nanos / 1_000_000);
    return new Measured(measured, nanos);
  }

  private static long timePlain(PlainDuckDb plain, String sql) throws Exception {
    long start = System.nanoTime();
    Blackhole.consume(plain.query(sql));
    return System.nanoTime() - start;
  }
}
