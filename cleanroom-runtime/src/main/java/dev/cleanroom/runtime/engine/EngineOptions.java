package dev.cleanroom.runtime.engine;

import dev.cleanroom.core.CleanroomException;
import java.util.Locale;
import java.util.Objects;

/**
 * Which engine runs a server's rooms, and where.
 *
 * @param engine the engine's name: {@code duckdb} (built in) or that of an {@link EngineProvider}
 * @param master where a cluster engine runs its workers ({@code local[2]}, {@code spark://host:7077},
 *     {@code yarn}, {@code k8s://https://host:port}); engines without workers ignore it
 * @param shufflePartitions how many partitions a cluster engine splits joins and aggregations into
 */
public record EngineOptions(String engine, String master, int shufflePartitions) {
  public static final String DEFAULT_ENGINE = "duckdb";
  /** Two worker threads in the server's own JVM: no cluster to set up. */
  public static final String DEFAULT_MASTER = "local[2]";
  public static final int DEFAULT_SHUFFLE_PARTITIONS = 4;

  public EngineOptions {
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(master, "master");
    engine = engine.strip().toLowerCase(Locale.ROOT);
    master = master.strip();
    if (!engine.matches("[a-z][a-z0-9-]{0,31}")) {
      throw CleanroomException.invalid("engine name must be a lower-case word such as 'duckdb' or 'spark', got '"
          + engine + "'");
    }
    if (master.isEmpty()) {
      throw CleanroomException.invalid("the master URL of engine '" + engine + "' is empty");
    }
    if (shufflePartitions < 1) {
      throw CleanroomException.invalid("shuffle partitions must be at least 1, got " + shufflePartitions);
    }
  }

  /** DuckDB in the server's JVM. */
  public static EngineOptions defaults() {
    return new EngineOptions(DEFAULT_ENGINE, DEFAULT_MASTER, DEFAULT_SHUFFLE_PARTITIONS);
  }

  public EngineOptions withEngine(String changed) {
    return new EngineOptions(changed, master, shufflePartitions);
  }

  public EngineOptions withMaster(String changed) {
    return new EngineOptions(engine, changed, shufflePartitions);
  }
}
