package dev.cleanroom.bench.query;

import dev.cleanroom.bench.BenchSettings;
import dev.cleanroom.bench.BenchmarkSection;
import dev.cleanroom.bench.Blackhole;
import dev.cleanroom.bench.Formats;
import dev.cleanroom.bench.LatencySummary;
import dev.cleanroom.bench.TrialTimes;
import dev.cleanroom.engine.duckdb.DuckDbEngine;
import dev.cleanroom.policy.PolicyChecker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The policy-checked SQL path against plain DuckDB on the same plaintext: loading the tables as the
 * runtime does on key release (decrypt, parse, load) against DuckDB's own CSV reader, and running
 * queries end to end (check, execute, suppress, seal) against DuckDB running the same SQL.
 */
public final class QuerySection implements BenchmarkSection {
  private static final Logger LOG = LoggerFactory.getLogger(QuerySection.class);
  static final double TARGET_LOAD = 1.5;
  static final double TARGET_QUERY = 1.1;
  static final double TARGET_CHECK_MILLIS = 10;
  /** The seed of the generated tables, shared with the sections that run the same queries. */
  public static final long SEED = 20_261_125L;

  /**
   * Sizes.
   *
   * @param rowsPerTable the sizes to run, rows in each table
   * @param trials timed trials of every load and query, interleaved; the median is reported
   * @param rounds how often a query trial's process runs the whole workload; only the last round is timed, the
   *     ones before warm the process up
   * @param exactTrials in how many of the first query trials plain DuckDB also runs the checker's exact SQL (it
   *     is for the breakdown only, and takes several times as long as the rest at 10M rows)
   * @param checkerWarmup unmeasured checks of each query before the checker's own timing
   * @param checkerSamples timed checks of each query
   */
  record Settings(List<Long> rowsPerTable, int trials, int rounds, int exactTrials, int checkerWarmup,
      int checkerSamples) {
    static Settings standard() {
      return new Settings(List.of(1_000_000L), 5, 3, 2, 300, 200);
    }

    static Settings scaled() {
      return new Settings(List.of(1_000_000L, 10_000_000L), 11, 3, 2, 300, 200);
    }

    static Settings quick() {
      return new Settings(List.of(20_000L), 2, 1, 1, 20, 20);
    }
  }

  /** Where a load trial's time went, one table. */
  enum LoadPath { PLAIN, DECRYPT, DECRYPT_PARSE, RUNTIME_LOAD }

  record LoadResult(long rows, String table, long plaintextBytes, Map<LoadPath, TrialTimes> times) {}

  record QueryResult(long rows, Workload.Query query, TrialTimes plain, TrialTimes plainApproved,
      TrialTimes plainScreening, TrialTimes runtime, double medianOfTrialRatios,
      TrialTimes check, TrialTimes execute, TrialTimes release, TrialTimes seal, int rowsReleased,
      long suppressed, long screenedRuns, int runs, long measureNanos) {}

  record CheckerResult(Workload.Query query, LatencySummary shared, LatencySummary fresh) {}

  @Override
  public String id() {
    return "query";
  }

  @Override
  public String title() {
    return "Queries: the policy-checked path against plain DuckDB";
  }

  @Override
  public boolean hasLargerSizes() {
    return true;
  }

  @Override
  public String runMarkdown(BenchSettings bench) throws Exception {
    Settings settings = bench.scaled() ? Settings.scaled()
        : bench.pick(Settings.standard(), Settings.quick());
    List<LoadResult> loads = new ArrayList<>();
    List<QueryResult> queries = new ArrayList<>();
    boolean first = true;
    for (long rows : settings.rowsPerTable()) {
      Path directory = Files.createDirectories(bench.workDirectory().resolve("query-" + rows));
      LOG.info("query: writing and encrypting {} rows per table", Formats.count(rows));
      EncryptedTables tables =
          EncryptedTables.write(new BankMerchantData(rows, rows, SEED), directory);
      loads.addAll(measureLoads(tables, rows, settings.trials(), first));
      if (!bench.loadOnly()) {
        queries.addAll(measureQueries(tables, rows, settings, directory));
      }
      for (EncryptedTables.Table table : tables.tables()) {
        Files.deleteIfExists(table.plaintext());
        Files.deleteIfExists(table.ciphertext());
      }
      first = false;
    }
    if (bench.loadOnly()) {
      return new QueryReport(settings, loads, queries, List.of()).loadMarkdown();
    }
    List<CheckerResult> checker = measureChecker(settings);
    return new QueryReport(settings, loads, queries, checker).markdown();
  }

  private static List<LoadResult> measureLoads(EncryptedTables tables, long rows, int trials,
      boolean warmUp) throws Exception {
    List<LoadResult> results = new ArrayList<>();
    for (EncryptedTables.Table table : tables.tables()) {
      Map<LoadPath, List<Long>> nanos = new EnumMap<>(LoadPath.class);
      for (int trial = warmUp ? -1 : 0; trial < trials; trial++) {
        LOG.info("query: loading {} ({} rows), trial {} of {}", table.name(), Formats.count(rows),
            trial + 1, trials);
        for (LoadPath path : LoadPath.values()) {
          long elapsed = loadOnce(path, tables, table);
          if (trial >= 0) {
            nanos.computeIfAbsent(path, key -> new ArrayList<>()).add(elapsed);
          }
        }
      }
      Map<LoadPath, TrialTimes> times = new EnumMap<>(LoadPath.class);
      nanos.forEach((path, values) -> times.put(path, TrialTimes.ofNanos(values)));
      results.add(new LoadResult(rows, table.name(), table.manifest().plaintextBytes(), times));
    }
    return results;
  }

  /** One load into a fresh database, which is closed afterwards; opening it is not timed. */
  private static long loadOnce(LoadPath path, EncryptedTables tables, EncryptedTables.Table table)
      throws Exception {
    if (path == LoadPath.PLAIN) {
      try (PlainDuckDb duckDb = new PlainDuckDb()) {
        long start = System.nanoTime();
        LoadPaths.plain(duckDb, table);
        return System.nanoTime() - start;
      }
    }
    try (DuckDbEngine engine = DuckDbEngine.inMemory()) {
      LoadPaths.Step step = switch (path) {
        case DECRYPT -> LoadPaths.Step.DECRYPT;
        case DECRYPT_PARSE -> LoadPaths.Step.DECRYPT_PARSE;
        case RUNTIME_LOAD, PLAIN -> LoadPaths.Step.RUNTIME_LOAD;
      };
      long start = System.nanoTime();
      Blackhole.consume(LoadPaths.run(step, tables, table, engine));
      return System.nanoTime() - start;
    }
  }

  /**
   * Each trial runs each path in a fresh process ({@link QueryWorker}): plain DuckDB loading the plaintext, and the
   * runtime's path loading the ciphertext, each running the whole workload {@code rounds} times and timing the last
   * round, the two taking turns query by query ({@link QueryWorkers#trial}). A worker started once beforehand
   * measures the tables and returns the SQL the checker approves, which the plain worker also runs for the breakdown.
   */
  private static List<QueryResult> measureQueries(EncryptedTables tables, long rows, Settings settings,
      Path directory) throws Exception {
    List<Workload.Query> workload = Workload.all();
    QueryWorkers workers = new QueryWorkers(tables, directory);
    LOG.info("query: {} rows per table, checking the workload on measured tables", Formats.count(rows));
    QueryWorker.Output prepared = workers.prepare(workload);
    LOG.info("query: {} rows per table measured in {} ms: {}", Formats.count(rows),
        prepared.measureNanos() / 1_000_000, prepared.measured());
    List<QueryWorker.PlainTimes> plain = new ArrayList<>();
    List<RuntimeQueryPath.Run> runtime = new ArrayList<>();
    for (int trial = 0; trial < settings.trials(); trial++) {
      LOG.info("query: {} rows per table, trial {} of {}", Formats.count(rows), trial + 1, settings.trials());
      QueryWorkers.Trial both = workers.trial(prepared.prepared(), settings.rounds(), settings.checkerWarmup(),
          trial < settings.exactTrials(), trial % 2 == 0);
      plain.addAll(both.plain().plain());
      runtime.addAll(both.runtime().runs());
    }
    List<QueryResult> results = new ArrayList<>();
    for (int index = 0; index < workload.size(); index++) {
      List<QueryWorker.PlainTimes> plainRuns = everyNth(plain, index, workload.size());
      List<RuntimeQueryPath.Run> runs = everyNth(runtime, index, workload.size());
      List<Long> plainNanos = plainRuns.stream().map(QueryWorker.PlainTimes::plainNanos).toList();
      List<Long> runtimeNanos = runs.stream().map(RuntimeQueryPath.Run::totalNanos).toList();
      RuntimeQueryPath.Run last = runs.get(runs.size() - 1);
      results.add(new QueryResult(rows, workload.get(index), TrialTimes.ofNanos(plainNanos),
          TrialTimes.ofNanos(plainRuns.stream().map(QueryWorker.PlainTimes::exactNanos)
              .filter(nanos -> nanos >= 0).toList()),
          TrialTimes.ofNanos(plainRuns.stream().map(QueryWorker.PlainTimes::screeningNanos).toList()),
          TrialTimes.ofNanos(runtimeNanos), TrialTimes.medianOfTrialRatios(runtimeNanos, plainNanos),
          TrialTimes.ofNanos(runs.stream().map(RuntimeQueryPath.Run::checkNanos).toList()),
          TrialTimes.ofNanos(runs.stream().map(RuntimeQueryPath.Run::executeNanos).toList()),
          TrialTimes.ofNanos(runs.stream().map(RuntimeQueryPath.Run::releaseNanos).toList()),
          TrialTimes.ofNanos(runs.stream().map(RuntimeQueryPath.Run::sealNanos).toList()),
          last.rowsReleased(), last.rowsWithheld(), runs.stream().filter(RuntimeQueryPath.Run::screened).count(),
          runs.size(), prepared.measureNanos()));
    }
    return results;
  }

  /** The entries of query {@code index} in a list holding, per trial, one entry for each of {@code queries}. */
  private static <T> List<T> everyNth(List<T> perTrial, int index, int queries) {
    List<T> entries = new ArrayList<>();
    for (int position = index; position < perTrial.size(); position += queries) {
      entries.add(perTrial.get(position));
    }
    return entries;
  }

  /** The checker alone: a checker built once and reused, and one built per query as the runtime does. */
  private static List<CheckerResult> measureChecker(Settings settings) {
    LOG.info("query: timing the policy checker");
    PolicyChecker shared = new PolicyChecker(RoomTables.plain());
    List<CheckerResult> results = new ArrayList<>();
    for (Workload.Query query : Workload.all()) {
      for (int i = 0; i < settings.checkerWarmup(); i++) {
        Blackhole.consume(RuntimeQueryPath.check(shared, query.sql()).sql().length());
        Blackhole.consume(RuntimeQueryPath.check(new PolicyChecker(RoomTables.plain()), query.sql())
            .sql().length());
      }
      long[] sharedNanos = new long[settings.checkerSamples()];
      long[] freshNanos = new long[settings.checkerSamples()];
      for (int i = 0; i < settings.checkerSamples(); i++) {
        long start = System.nanoTime();
        Blackhole.consume(RuntimeQueryPath.check(shared, query.sql()).sql().length());
        long middle = System.nanoTime();
        Blackhole.consume(RuntimeQueryPath.check(new PolicyChecker(RoomTables.plain()), query.sql())
            .sql().length());
        long end = System.nanoTime();
        sharedNanos[i] = middle - start;
        freshNanos[i] = end - middle;
      }
      results.add(new CheckerResult(query, LatencySummary.ofNanos(sharedNanos),
          LatencySummary.ofNanos(freshNanos)));
    }
    return results;
  }
}
