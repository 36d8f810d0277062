package dev.cleanroom.engine.spark;

/**
 * The one Spark application of the test JVM (Spark allows one per process), started on first use and stopped when
 * the JVM exits. Tests take their own engine, that is their own session, from it.
 */
final class SharedSpark {
  private static SparkCluster cluster;

  private SharedSpark() {}

  static synchronized SparkCluster cluster() {
    if (cluster == null) {
      cluster = SparkCluster.start("local[2]", 4);
      SparkCluster started = cluster;
      Runtime.getRuntime().addShutdownHook(new Thread(started::close));
    }
    return cluster;
  }
}
