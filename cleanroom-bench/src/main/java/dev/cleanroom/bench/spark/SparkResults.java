package dev.cleanroom.bench.spark;

import dev.cleanroom.bench.TrialTimes;
import java.util.List;

/**
 * What {@link SparkComparison} measured, free of Spark types so that {@link SparkReport} can be built
 * and tested without Spark.
 *
 * @param settings the sizes and trials
 * @param shufflePartitions {@code spark.sql.shuffle.partitions} of the application
 * @param loads one per table and size
 * @param queries one per size
 * @param cores processors of this machine, all of which plain DuckDB uses
 * @param machineMemoryBytes the machine's physical memory
 * @param heapBytes this JVM's maximum heap, which holds Spark's cached tables
 */
record SparkResults(SparkSection.Settings settings, int shufflePartitions, List<TableLoad> loads,
    List<QueryTimes> queries, int cores, long machineMemoryBytes, long heapBytes) {

  SparkResults {
    loads = List.copyOf(loads);
    queries = List.copyOf(queries);
  }

  /**
   * One table's loads at one size.
   *
   * @param rows rows in the table
   * @param table its name
   * @param plaintextBytes the size of its table text (the CSV file)
   * @param verify {@code DatasetVerifier.recordStarts}: the runtime reads, hashes, decrypts and
   *     parses the whole dataset and notes where each chunk's first record begins
   * @param executors {@code SparkEngine.loadEncrypted} and {@code finish}: the executors decrypt the
   *     chunks again, parse them and cache the rows
   * @param cleanroom both steps, what a key release costs on the Spark engine
   * @param plainSpark plain Spark: {@code spark.read().csv} with the schema, persisted, counted
   * @param duckDb plain DuckDB's {@code read_csv} into a fresh database
   * @param encryptedPartitions partitions of the table the executors cached (one per chunk)
   * @param plainPartitions partitions of the table plain Spark cached
   * @param encryptedCachedBytes memory of the table the executors cached
   * @param plainCachedBytes memory of the table plain Spark cached
   */
  record TableLoad(long rows, String table, long plaintextBytes, TrialTimes verify,
      TrialTimes executors, TrialTimes cleanroom, TrialTimes plainSpark, TrialTimes duckDb,
      int encryptedPartitions, int plainPartitions, long encryptedCachedBytes,
      long plainCachedBytes) {}

  /**
   * The query at one size.
   *
   * @param rows rows per table
   * @param cleanroom the runtime's path on the Spark engine, end to end
   * @param plainSpark plain Spark running the analyst's SQL
   * @param plainSparkApproved plain Spark running the SQL the checker approved
   * @param duckDb plain DuckDB running the analyst's SQL
   * @param check new checker and {@code check}, in Spark's dialect
   * @param execute {@code SparkEngine.execute} of the approved SQL
   * @param release group-size suppression
   * @param seal result document and sealing
   * @param rowsReleased rows in the sealed result
   * @param rowsWithheld groups suppressed
   */
  record QueryTimes(long rows, TrialTimes cleanroom, TrialTimes plainSpark,
      TrialTimes plainSparkApproved, TrialTimes duckDb, TrialTimes check, TrialTimes execute,
      TrialTimes release, TrialTimes seal, int rowsReleased, long rowsWithheld) {

    /** The figure: cleanroom on Spark over plain Spark. */
    double ratio() {
      return cleanroom.ratioTo(plainSpark);
    }

    /** Plain Spark over plain DuckDB on the same cores: how much slower Spark is on one machine. */
    double sparkOverDuckDb() {
      return plainSpark.ratioTo(duckDb);
    }
  }
}
