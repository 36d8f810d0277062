package dev.cleanroom.engine.spark;

import dev.cleanroom.runtime.engine.EngineOptions;
import dev.cleanroom.runtime.engine.EngineProvider;
import dev.cleanroom.runtime.engine.Engines;
import java.util.Map;

/**
 * Runs a server's rooms on Apache Spark ({@code --engine spark}): starts the process's one {@link SparkCluster} on
 * the configured master and gives each room its own {@link SparkEngine}. The master is measured with the runtime's
 * code, so parties accept a runtime on a given cluster, not any cluster.
 */
public final class SparkEngineProvider implements EngineProvider {
  public static final String NAME = "spark";
  /** The measured setting naming where the executors run. */
  public static final String MASTER_SETTING = "spark.master";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Engines start(EngineOptions options) {
    SparkCluster cluster = SparkCluster.start(options.master(), options.shufflePartitions());
    return Engines.of(NAME, Map.of(MASTER_SETTING, cluster.master()), room -> cluster.newEngine(), cluster::close);
  }
}
