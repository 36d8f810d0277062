package dev.cleanroom.cli;

import dev.cleanroom.runtime.engine.EngineOptions;
import picocli.CommandLine.Option;

/** The {@code --engine} and {@code --spark-master} options of the commands that start a server. */
final class EngineChoice {
  @Option(names = "--engine", paramLabel = "NAME",
      description = "Engine that holds decrypted tables and runs queries: duckdb (in this JVM) or spark "
          + "(needs ./cleanroom-spark, which puts Apache Spark on the class path). Default: ${DEFAULT-VALUE}")
  String engine = EngineOptions.DEFAULT_ENGINE;

  @Option(names = "--spark-master", paramLabel = "URL",
      description = {"Where Spark runs its executors (with --engine spark; default: ${DEFAULT-VALUE}):",
          "  local[N]                 N worker threads in this JVM",
          "  spark://HOST:7077        a standalone cluster",
          "  yarn                     a YARN cluster (HADOOP_CONF_DIR)",
          "  k8s://https://HOST:PORT  Kubernetes",
          "A cluster other than local or yarn needs the same secret in CLEANROOM_SPARK_SECRET here and on its "
              + "workers (spark.authenticate.secret); the master URL is part of the runtime measurement."})
  String sparkMaster = EngineOptions.DEFAULT_MASTER;

  EngineOptions options() {
    return EngineOptions.defaults().withEngine(engine).withMaster(sparkMaster);
  }
}
