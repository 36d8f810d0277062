package dev.cleanroom.cli;

import dev.cleanroom.runtime.engine.EngineOptions;
import picocli.CommandLine.Option;

/** The {@code --engine} and {@code --spark-master} options of the commands that start a server. */
final class EngineChoice {
  @Option(names = "--engine", paramLabel = "NAME",
      description = "Engine that holds decrypted tables and runs queries: duckdb (in this JVM) or spark "
          + "(start with the cleanroom-spark launcher, which puts Apache Spark on the class path). "
          + "Default: ${DEFAULT-VALUE}")
  String engine = EngineOptions.DEFAULT_ENGINE;

  @Option(names = "--spark-master", paramLabel = "URL",
      description = {"Where Spark runs its executors, with --engine spark (default: ${DEFAULT-VALUE}):",
          "  local[N]: N threads in this JVM",
          "  spark://HOST:7077: a standalone cluster",
          "  yarn: YARN (finds it through HADOOP_CONF_DIR)",
          "  k8s://https://HOST:PORT: Kubernetes",
          "A master other than local[N] or yarn needs CLEANROOM_SPARK_SECRET set to the secret its workers "
              + "have (spark.authenticate.secret). The master is part of the runtime measurement."})
  String sparkMaster = EngineOptions.DEFAULT_MASTER;

  EngineOptions options() {
    return EngineOptions.defaults().withEngine(engine).withMaster(sparkMaster);
  }
}
