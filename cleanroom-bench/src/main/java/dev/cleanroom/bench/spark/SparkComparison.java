package dev.cleanroom.bench.spark;

import dev.cleanroom.bench.Blackhole;
import dev.cleanroom.bench.Formats;
import dev.cleanroom.bench.TrialTimes;
import dev.cleanroom.bench.query.BankMerchantData;
import dev.cleanroom.bench.query.EncryptedTables;
import dev.cleanroom.bench.query.PlainDuckDb;
import dev.cleanroom.bench.query.QuerySection;
import dev.cleanroom.bench.query.RoomTables;
import dev.cleanroom.bench.query.RuntimeQueryPath;
import dev.cleanroom.bench.query.Workload;
import dev.cleanroom.core.dataset.DatasetManifest;
import dev.cleanroom.core.engine.TableLoader;
import dev.cleanroom.engine.spark.SparkCluster;
import dev.cleanroom.engine.spark.SparkEngine;
import dev.cleanroom.policy.EngineDialect;
import dev.cleanroom.policy.PolicyChecker;
import dev.cleanroom.privacy.RandomSource;
import dev.cleanroom.runtime.DatasetVerifier;
import dev.cleanroom.runtime.EncryptedTableScan;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the Spark section's measurements in one Spark application on {@code local[2]}: the
 * cleanroom's Spark engine on one session, plain Spark on another, plain DuckDB beside them, all on
 * the same generated tables. Loads and queries each go in interleaved rounds, the order of the paths
 * alternating from round to round, so that none always runs on a warmer machine.
 */
final class SparkComparison {
  private static final Logger LOG = LoggerFactory.getLogger(SparkComparison.class);
  static final int LOCAL_CORES = 2;
  static final String MASTER = "local[" + LOCAL_CORES + "]";
  /** Two shuffle partitions per core; adaptive execution may coalesce them. Both paths share it. */
  static final int SHUFFLE_PARTITIONS = 4;

  private SparkComparison() {}

  /** What one trial of the loads of one table took. */
  private record LoadTrial(long verifyNanos, long executorNanos, long plainSparkNanos,
      long duckDbNanos) {}

  static SparkResults measure(SparkSection.Settings settings, Path work) throws Exception {
    List<SparkResults.TableLoad> loads = new ArrayList<>();
    List<SparkResults.QueryTimes> queries = new ArrayList<>();
    try (SparkCluster cluster = SparkCluster.start(MASTER, SHUFFLE_PARTITIONS)) {
      SparkSession application = SparkSession.getDefaultSession().get();
      boolean first = true;
      for (long rows : settings.rowsPerTable()) {
        Path directory = Files.createDirectories(work.resolve("spark-" + rows));
        LOG.info("spark: writing and encrypting {} rows per table", Formats.count(rows));
        EncryptedTables tables = EncryptedTables.write(
            new BankMerchantData(rows, rows, QuerySection.SEED), directory);
        try (SparkEngine engine = cluster.newEngine();
            PlainSpark plain = new PlainSpark(application.newSession());
            PlainDuckDb duckDb = new PlainDuckDb()) {
          for (EncryptedTables.Table table : tables.tables()) {
            loads.add(measureLoads(application, engine, plain, tables, table, rows,
                settings.trials(), first));
            duckDb.loadCsv(table.name(), table.plaintext());
          }
          queries.add(measureQuery(engine, plain, duckDb, rows, settings.trials()));
        } finally {
          for (EncryptedTables.Table table : tables.tables()) {
            Files.deleteIfExists(table.plaintext());
            Files.deleteIfExists(table.ciphertext());
          }
        }
        first = false;
      }
    }
    long memory = ((com.sun.management.OperatingSystemMXBean)
        ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
    return new SparkResults(settings, SHUFFLE_PARTITIONS, loads, queries,
        Runtime.getRuntime().availableProcessors(), memory,
        Runtime.getRuntime().maxMemory());
  }

  /**
   * Loads {@code table} the three ways, {@code trials} times (after one unmeasured round if
   * {@code warmUp}); the last trial's tables stay loaded in the engine and in plain Spark. The
   * memory each cached copy takes is read around the first trial's loads, when neither session
   * held the table before: the engine drops a table without waiting for its blocks to go.
   */
  private static SparkResults.TableLoad measureLoads(SparkSession application, SparkEngine engine,
      PlainSpark plain, EncryptedTables tables, EncryptedTables.Table table, long rows, int trials,
      boolean warmUp) throws Exception {
    List<LoadTrial> measured = new ArrayList<>();
    PlainSpark.Cached encryptedCached = null;
    PlainSpark.Cached plainCached = null;
    for (int trial = warmUp ? -1 : 0; trial < trials; trial++) {
      LOG.info("spark: loading {} ({} rows), trial {} of {}", table.name(), Formats.count(rows),
          trial + 1, trials);
      boolean first = encryptedCached == null;
      long[] encrypted;
      long plainNanos;
      long duckDbNanos;
      if (first || trial % 2 == 0) {
        Map<Integer, PlainSpark.Cached> before = PlainSpark.cached(application);
        encrypted = loadEncrypted(engine, tables, table);
        Map<Integer, PlainSpark.Cached> between = PlainSpark.cached(application);
        plainNanos = loadPlain(plain, table);
        if (first) {
          encryptedCached = PlainSpark.added(before, between);
          plainCached = PlainSpark.added(between, PlainSpark.cached(application));
        }
        duckDbNanos = loadDuckDb(table);
      } else {
        duckDbNanos = loadDuckDb(table);
        plainNanos = loadPlain(plain, table);
        encrypted = loadEncrypted(engine, tables, table);
      }
      if (trial >= 0) {
        measured.add(new LoadTrial(encrypted[0], encrypted[1], plainNanos, duckDbNanos));
      }
    }
    for (PlainSpark.Cached cached : List.of(encryptedCached, plainCached)) {
      if (cached.cachedPartitions() < cached.partitions()) {
        LOG.warn("spark: only {} of {} partitions of {} stayed in memory; give the JVM more heap",
            cached.cachedPartitions(), cached.partitions(), table.name());
      }
    }
    return new SparkResults.TableLoad(rows, table.name(), table.manifest().plaintextBytes(),
        times(measured, LoadTrial::verifyNanos), times(measured, LoadTrial::executorNanos),
        times(measured, trial -> trial.verifyNanos() + trial.executorNanos()),
        times(measured, LoadTrial::plainSparkNanos), times(measured, LoadTrial::duckDbNanos),
        encryptedCached.partitions(), plainCached.partitions(), encryptedCached.bytes(),
        plainCached.bytes());
  }

  /**
   * What the runtime does on key release with an engine whose executors read the files: check the
   * whole dataset and note where each chunk's first record begins, then have the executors decrypt
   * and cache it. Returns the nanoseconds of both steps.
   */
  private static long[] loadEncrypted(SparkEngine engine, EncryptedTables tables,
      EncryptedTables.Table table) {
    engine.drop(table.name());
    DatasetManifest manifest = table.manifest();
    long start = System.nanoTime();
    long[] recordStarts = DatasetVerifier.recordStarts(EncryptedTables.ROOM, manifest, table.key(),
        tables);
    long verified = System.nanoTime();
    Path file = tables.location(EncryptedTables.ROOM, manifest.ciphertextSha256()).orElseThrow();
    TableLoader loader = engine.loadEncrypted(new EncryptedTableScan(manifest.table(),
        manifest.schema(), manifest.datasetId(), table.key(), file, manifest.ciphertextBytes(),
        manifest.plaintextBytes(), manifest.rows(), recordStarts));
    try {
      loader.finish();
    } finally {
      loader.close();
    }
    long loaded = System.nanoTime();
    return new long[] {verified - start, loaded - verified};
  }

  private static long loadPlain(PlainSpark plain, EncryptedTables.Table table) {
    long start = System.nanoTime();
    Blackhole.consume(plain.loadCsv(table.name(), table.plaintext(),
        table.manifest().schema()));
    return System.nanoTime() - start;
  }

  /** Plain DuckDB's {@code read_csv} into a fresh database, closed afterwards; opening it is not timed. */
  private static long loadDuckDb(EncryptedTables.Table table) throws Exception {
    try (PlainDuckDb duckDb = new PlainDuckDb()) {
      long start = System.nanoTime();
      duckDb.loadCsv(table.name(), table.plaintext());
      return System.nanoTime() - start;
    }
  }

  private static SparkResults.QueryTimes measureQuery(SparkEngine engine, PlainSpark plain,
      PlainDuckDb duckDb, long rows, int trials) throws Exception {
    String sql = Workload.SPEND_BY_AGE_BAND.sql();
    String approved = RuntimeQueryPath.check(new PolicyChecker(RoomTables.plain()), sql,
        EngineDialect.SPARK).sql();
    RuntimeQueryPath runtime =
        new RuntimeQueryPath(engine, RoomTables.plain(), RandomSource.secure());
    LOG.info("spark: warming up the query paths");
    Blackhole.consume(runtime.run(sql).rowsReleased());
    Blackhole.consume(plain.query(sql));
    Blackhole.consume(plain.query(approved));
    Blackhole.consume(duckDb.query(sql));
    List<RuntimeQueryPath.Run> runs = new ArrayList<>();
    List<Long> plainNanos = new ArrayList<>();
    List<Long> approvedNanos = new ArrayList<>();
    List<Long> duckDbNanos = new ArrayList<>();
    for (int trial = 0; trial < trials; trial++) {
      LOG.info("spark: query, {} rows per table, trial {} of {}", Formats.count(rows), trial + 1,
          trials);
      if (trial % 2 == 0) {
        runs.add(runtime.run(sql));
        plainNanos.add(time(() -> plain.query(sql)));
        approvedNanos.add(time(() -> plain.query(approved)));
        duckDbNanos.add(time(() -> duckDb.query(sql)));
      } else {
        duckDbNanos.add(time(() -> duckDb.query(sql)));
        approvedNanos.add(time(() -> plain.query(approved)));
        plainNanos.add(time(() -> plain.query(sql)));
        runs.add(runtime.run(sql));
      }
    }
    RuntimeQueryPath.Run last = runs.get(runs.size() - 1);
    return new SparkResults.QueryTimes(rows,
        times(runs, RuntimeQueryPath.Run::totalNanos), TrialTimes.ofNanos(plainNanos),
        TrialTimes.ofNanos(approvedNanos), TrialTimes.ofNanos(duckDbNanos),
        times(runs, RuntimeQueryPath.Run::checkNanos),
        times(runs, RuntimeQueryPath.Run::executeNanos),
        times(runs, RuntimeQueryPath.Run::releaseNanos),
        times(runs, RuntimeQueryPath.Run::sealNanos), last.rowsReleased(), last.rowsWithheld());
  }

  /** A query returning how many values it read. */
  private interface TimedQuery {
    long run() throws Exception;
  }

  private static long time(TimedQuery query) throws Exception {
    long start = System.nanoTime();
    Blackhole.consume(query.run());
    return System.nanoTime() - start;
  }

  private static <T> TrialTimes times(List<T> trials, Function<T, Long> nanos) {
    return TrialTimes.ofNanos(trials.stream().map(nanos).toList());
  }
}
