package dev.cleanroom.bench.query;

import dev.cleanroom.bench.query.QueryWorker.Input;
import dev.cleanroom.bench.query.QueryWorker.Output;
import dev.cleanroom.bench.query.QueryWorker.QueryTexts;
import dev.cleanroom.bench.query.QueryWorker.TableFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts {@link QueryWorker} processes with this JVM's own {@code java}, class path and options (one at a time, or,
 * for a query trial, two that take turns), and reads what each found. The tables' data keys travel in the input
 * file, readable by its owner only and deleted when the worker exits; the tables are generated for the benchmark,
 * not anyone's data. Not thread-safe.
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
    return run(new Input("prepare", tables, queries, 0, 0, false, false));
  }

  /** What one trial's two workers found. */
  record Trial(Output plain, Output runtime) {}

  /**
   * One trial: a plain DuckDB worker and a runtime worker, both loaded before either runs a query, then taking turns
   * query by query for {@code rounds} rounds of the workload (each times its last round), the one that goes first
   * alternating from query to query; whoever loads first is the one that goes first on the first query. So both
   * paths run each query within seconds of each other, and a slow spell of the machine falls on both. After the
   * rounds the plain worker runs the checker's screening SQL of each query and, if asked, its exact SQL; the
   * runtime worker first checks every query {@code warmChecks} times without running it.
   */
  Trial trial(List<QueryTexts> prepared, int rounds, int warmChecks, boolean timeExact, boolean plainFirst)
      throws IOException, InterruptedException {
    Input plainInput = new Input("plain", tables, prepared, rounds, 0, timeExact, true);
    Input runtimeInput = new Input("runtime", tables, prepared, rounds, warmChecks, false, true);
    try (Worker first = new Worker(plainFirst ? plainInput : runtimeInput);
        Worker second = new Worker(plainFirst ? runtimeInput : plainInput)) {
      first.start();
      first.awaitReady();
      second.start();
      second.awaitReady();
      for (int round = 0; round < rounds; round++) {
        for (int query = 0; query < prepared.size(); query++) {
          Worker leader = query % 2 == 0 ? first : second;
          leader.runNextQuery();
          (leader == first ? second : first).runNextQuery();
        }
      }
      Output firstOutput = first.output();
      Output secondOutput = second.output();
      return plainFirst ? new Trial(firstOutput, secondOutput) : new Trial(secondOutput, firstOutput);
    }
  }

  /**
   * One worker process. In lockstep ({@link QueryWorker.Turns}) it says when it has loaded, and runs each query of
   * its rounds only when told to. Its input file, which holds the tables' data keys, is deleted when it is closed.
   */
  private final class Worker implements AutoCloseable {
    private final Input input;
    private final Path inputFile;
    private final Path outputFile;
    private Process process;
    private BufferedReader replies;
    private PrintStream orders;

    Worker(Input input) throws IOException {
      this.input = input;
      int number = ++started;
      inputFile = directory.resolve("worker-" + number + "-input.json");
      outputFile = directory.resolve("worker-" + number + "-output.json");
      // Owner-only from the start: the file holds the tables' data keys.
      Files.createFile(inputFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      try {
        Files.write(inputFile, QueryWorker.JSON.writeValueAsBytes(input));
      } catch (IOException e) {
        Files.deleteIfExists(inputFile);
        throw e;
      }
    }

    void start() throws IOException {
      // Only a worker in lockstep talks on its standard output; the others' output goes straight to ours.
      process = new ProcessBuilder(command(inputFile, outputFile)).redirectError(ProcessBuilder.Redirect.INHERIT)
          .redirectOutput(input.lockstep() ? ProcessBuilder.Redirect.PIPE : ProcessBuilder.Redirect.INHERIT)
          .start();
      replies = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      orders = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
    }

    void awaitReady() throws IOException, InterruptedException {
      awaitLine(QueryWorker.Turns.READY);
    }

    void runNextQuery() throws IOException, InterruptedException {
      orders.println(QueryWorker.Turns.GO);
      awaitLine(QueryWorker.Turns.DONE);
    }

    private void awaitLine(String expected) throws IOException, InterruptedException {
      for (String line = replies.readLine(); ; line = replies.readLine()) {
        if (line == null) {
          throw failed("stopped before saying '" + expected + "'");
        }
        if (line.equals(expected)) {
          return;
        }
        System.out.println(line);
      }
    }

    Output output() throws IOException, InterruptedException {
      orders.close();
      if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        throw new IllegalStateException("the " + input.mode() + " query worker did not finish in "
            + TIMEOUT_MINUTES + " minutes");
      }
      if (process.exitValue() != 0) {
        throw failed("failed with exit code " + process.exitValue());
      }
      return QueryWorker.JSON.readValue(outputFile.toFile(), Output.class);
    }

    private IllegalStateException failed(String what) throws InterruptedException {
      process.waitFor(10, TimeUnit.SECONDS);
      return new IllegalStateException("the " + input.mode() + " query worker " + what + " (its log is above)");
    }

    @Override
    public void close() throws IOException {
      if (process != null && process.isAlive()) {
        process.destroyForcibly();
      }
      Files.deleteIfExists(inputFile);
      Files.deleteIfExists(outputFile);
    }
  }

  private Output run(Input input) throws IOException, InterruptedException {
    try (Worker worker = new Worker(input)) {
      worker.start();
      return worker.output();
    }
  }

  /** The command that starts a worker: this JVM's own {@code java}, class path and options. */
  private static List<String> command(Path inputFile, Path outputFile) {
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
    return command;
  }
}
