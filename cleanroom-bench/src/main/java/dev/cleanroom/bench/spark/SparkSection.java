package dev.cleanroom.bench.spark;

import dev.cleanroom.bench.BenchSettings;
import dev.cleanroom.bench.BenchmarkSection;
import java.util.List;
import java.util.Optional;

/**
 * The use case's join + GROUP BY on the Spark engine adapter ({@code local[2]}) against plain Spark
 * and plain DuckDB on the same plaintext. The benchmark jar leaves Spark out, so this class names no
 * Spark type: {@link #unavailable()} looks for Spark by name, and only {@link SparkComparison}, loaded
 * when the section runs, uses it.
 */
public final class SparkSection implements BenchmarkSection {
  static final double TARGET_RATIO = 1.3;
  static final String LAUNCHER = "./cleanroom-spark bench";
  private static final List<String> REQUIRED_CLASSES = List.of("org.apache.spark.sql.SparkSession",
      "dev.cleanroom.engine.spark.SparkCluster");

  /**
   * Sizes.
   *
   * @param rowsPerTable the sizes to run, rows in each table
   * @param trials timed rounds of every load and query, interleaved; the median is reported
   */
  record Settings(List<Long> rowsPerTable, int trials) {
    Settings {
      rowsPerTable = List.copyOf(rowsPerTable);
    }

    static Settings standard() {
      return new Settings(List.of(1_000_000L), 5);
    }

    static Settings scaled() {
      return new Settings(List.of(1_000_000L, 10_000_000L), 5);
    }

    static Settings quick() {
      return new Settings(List.of(20_000L), 2);
    }
  }

  @Override
  public String id() {
    return "spark";
  }

  @Override
  public String title() {
    return "Spark engine: the join + GROUP BY on Spark local[2], against plain Spark and DuckDB";
  }

  @Override
  public boolean hasLargerSizes() {
    return true;
  }

  @Override
  public Optional<String> unavailable() {
    return unavailable(SparkSection.class.getClassLoader());
  }

  static Optional<String> unavailable(ClassLoader loader) {
    for (String name : REQUIRED_CLASSES) {
      try {
        Class.forName(name, false, loader);
      } catch (ClassNotFoundException | LinkageError e) {
        return Optional.of("needs Spark on the classpath: run " + LAUNCHER + " --only spark");
      }
    }
    return Optional.empty();
  }

  @Override
  public String launcher() {
    return LAUNCHER;
  }

  @Override
  public String runMarkdown(BenchSettings bench) throws Exception {
    Settings settings = bench.scaled() ? Settings.scaled()
        : bench.pick(Settings.standard(), Settings.quick());
    SparkResults results = SparkComparison.measure(settings, bench.workDirectory());
    return new SparkReport(results).markdown();
  }
}
