package dev.cleanroom.bench.spark;

import dev.cleanroom.core.dataset.ColumnSchema;
import dev.cleanroom.core.dataset.ColumnType;
import dev.cleanroom.engine.spark.SparkEngine;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.RDDInfo;
import org.apache.spark.storage.StorageLevel;

/**
 * Spark as anyone would use it, the baseline: a session of the same application as the engine, its
 * tables read by Spark's CSV reader with the schema given, cached in memory ({@code MEMORY_ONLY}, as
 * the engine caches) and shown as temporary views; none of the cleanroom's checks. Not thread-safe.
 */
final class PlainSpark implements AutoCloseable {
  private final SparkSession session;
  private final Map<String, Dataset<Row>> tables = new HashMap<>();

  PlainSpark(SparkSession session) {
    this.session = session;
    // Only so that this baseline can also run the approved SQL, for the breakdown; the analyst's SQL needs nothing.
    SparkEngine.registerFunctions(session);
  }

  /** Reads {@code file} (header, then one line per row) into a cached view; returns its rows. */
  long loadCsv(String table, Path file, List<ColumnSchema> schema) {
    drop(table);
    Dataset<Row> frame = session.read().option("header", "true").option("mode", "FAILFAST")
        .schema(ddl(schema)).csv(file.toAbsolutePath().toString());
    frame.persist(StorageLevel.MEMORY_ONLY());
    long rows = frame.count();
    frame.createOrReplaceTempView(table);
    tables.put(table, frame);
    return rows;
  }

  /** Runs {@code sql} and reads every value of every row into Java, as the engine adapter does. */
  long query(String sql) {
    long values = 0;
    for (Row row : session.sql(sql).collectAsList()) {
      for (int column = 0; column < row.length(); column++) {
        if (!row.isNullAt(column)) {
          values++;
        }
      }
    }
    return values;
  }

  void drop(String table) {
    Dataset<Row> frame = tables.remove(table);
    if (frame != null) {
      session.catalog().dropTempView(table);
      frame.unpersist(true);
    }
  }

  /**
   * What one cached table holds.
   *
   * @param bytes memory of its cached blocks
   * @param partitions its partitions
   * @param cachedPartitions those in memory now; fewer than {@code partitions} when memory ran short
   */
  record Cached(long bytes, int partitions, int cachedPartitions) {}

  /** The application's cached tables now, by RDD id. */
  static Map<Integer, Cached> cached(SparkSession session) {
    Map<Integer, Cached> cached = new HashMap<>();
    for (RDDInfo info : session.sparkContext().getRDDStorageInfo()) {
      cached.put(info.id(), new Cached(info.memSize(), info.numPartitions(),
          info.numCachedPartitions()));
    }
    return cached;
  }

  /** The tables cached in {@code after} that {@code before} did not have, summed. */
  static Cached added(Map<Integer, Cached> before, Map<Integer, Cached> after) {
    long bytes = 0;
    int partitions = 0;
    int cachedPartitions = 0;
    for (Map.Entry<Integer, Cached> entry : after.entrySet()) {
      if (!before.containsKey(entry.getKey())) {
        bytes += entry.getValue().bytes();
        partitions += entry.getValue().partitions();
        cachedPartitions += entry.getValue().cachedPartitions();
      }
    }
    return new Cached(bytes, partitions, cachedPartitions);
  }

  /** The schema as Spark's DDL, such as {@code customer_id BIGINT, email_hash STRING}. */
  static String ddl(List<ColumnSchema> schema) {
    return schema.stream().map(column -> "`" + column.name() + "` " + sparkType(column.type()))
        .collect(Collectors.joining(", "));
  }

  private static String sparkType(ColumnType type) {
    return switch (type) {
      case BIGINT -> "BIGINT";
      case DOUBLE -> "DOUBLE";
      case BOOLEAN -> "BOOLEAN";
      case DATE -> "DATE";
      case VARCHAR -> "STRING";
    };
  }

  @Override
  public void close() {
    for (String table : List.copyOf(tables.keySet())) {
      drop(table);
    }
  }
}
