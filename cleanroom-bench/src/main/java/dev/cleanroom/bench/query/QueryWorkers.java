package dev.cleanroom.bench.query;

import dev.cleanroom.bench.query.QueryWorker.Input;
import dev.cleanroom.bench.query.QueryWorker.Output;
import dev.cleanroom.bench.query.QueryWorker.QueryTexts;
import dev.cleanroom.bench.query.QueryWorker.TableFiles;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts {@link QueryWorker} processes, one at a time, with this JVM's own {@code java}, class path and options, and
 * reads what each found. The tables' data keys travel in the input file, readable by its owner only and deleted
 * when the worker exits; the tables are generated for the benchmark, not anyone's data. Not thread-safe.
 */
final class QueryWorkers {
  /** A worker that takes longer than this is stuck: the slowest, at 10M rows per table, takes a few minutes. */
  private static final long TIMEOUT_MINUTES = 60;

  private final List<TableFiles> tables;
  private final Path directory;
  private int started;

  QueryWorkers(EncryptedTables tables, Path directory) {
    this.tables = tables.tables().stream().map(TableFiles::of).toList();
    this.directory = directory;
  }

  /** Loads and measures the tables as the runtime does, and returns each query with the checker's SQL for it. */
  Output prepare(List<Workload.Query> workload) throws IOException, InterruptedException {
    List<QueryTexts> queries = workload.stream().map(query -> new QueryTexts(query.sql(), null, null)).toList();
    return run(new Input("prepare", tables, queries, 0, 0, false));
  }

  /**
   * One trial of plain DuckDB: {@code rounds} of every query, the last timed; then the checker's screening SQL of
   * each, and its exact SQL if asked.
   */
  Output plain(List<QueryTexts> prepared, int rounds, boolean timeExact) throws IOException, InterruptedException {
    return run(new Input("plain", tables, prepared, rounds, 0, timeExact));
  }

  /**
   * One trial of the runtime's path: {@code warmChecks} checks of every query without running it, then
   * {@code rounds} of every query, the last timed.
   */
  Output runtime(List<QueryTexts> prepared, int rounds, int warmChecks) throws IOException, InterruptedException {
    return run(new Input("runtime", tables, prepared, rounds, warmChecks, false));
  }

  private Output run(Input input) throws IOException, InterruptedException {
    int number = ++started;
    Path inputFile = directory.resolve("worker-" + number + "-input.json");
    Path outputFile = directory.resolve("worker-" + number + "-output.json");
    try {
      // Owner-only from the start: the file holds the tables' data keys.
      Files.createFile(inputFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.write(inputFile, QueryWorker.JSON.writeValueAsBytes(input));
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      // The jar's manifest opens java.nio to Arrow only when it is started with -jar; a worker is started with -cp.
      command.add("--add-opens=java.base/java.nio=ALL-UNNAMED");
      command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
      command.add("-cp");
      command.add(System.getProperty("java.class.path"));
      command.add(QueryWorker.class.getName());
      command.add(inputFile.toString());
      command.add(outputFile.toString());
      Process process = new ProcessBuilder(command).inheritIO().start();
      if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IllegalStateException("the " + input.mode() + " query worker did not finish in "
            + TIMEOUT_MINUTES + " minutes");
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException("the " + input.mode() + " query worker failed with exit code "
            + process.exitValue() + " (its log is above)");
      }
      return QueryWorker.JSON.readValue(outputFile.toFile(), Output.class);
    } finally {
      Files.deleteIfExists(inputFile);
      Files.deleteIfExists(outputFile);
    }
  }
}
