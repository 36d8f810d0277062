package dev.cleanroom.bench;

import dev.cleanroom.bench.dataset.DatasetCryptoSection;
import dev.cleanroom.bench.ledger.LedgerAppendSection;
import dev.cleanroom.bench.privacy.DpSection;
import dev.cleanroom.bench.query.QuerySection;
import dev.cleanroom.bench.receipt.ReceiptSection;
import dev.cleanroom.bench.signature.Ed25519Section;
import dev.cleanroom.bench.spark.SparkSection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the benchmark sections one after the other in this process, prints each section's Markdown
 * and writes the sections into {@code BENCHMARKS.md}. See {@link BenchOptions} for the options.
 * Exits with 0 if every section ran, 1 if one failed, 2 on a usage error.
 */
public final class BenchMain {
  private static final Logger LOG = LoggerFactory.getLogger(BenchMain.class);

  static final String BUILD = "mvn -q -B -ntp -pl cleanroom-bench -am package -DskipTests";
  static final String JAR = "java -jar cleanroom-bench/target/cleanroom-bench.jar";
  static final String BUILD_AND_RUN = BUILD + " && " + JAR;
  static final String OVERVIEW_ID = "overview";

  private BenchMain() {}

  /** Every section, in the order they run and appear in {@code BENCHMARKS.md}. */
  static List<BenchmarkSection> sections() {
    return List.of(new LedgerAppendSection(), new Ed25519Section(), new ReceiptSection(),
        new DatasetCryptoSection(), new QuerySection(), new SparkSection(), new DpSection());
  }

  public static void main(String[] args) {
    BenchOptions options;
    try {
      options = BenchOptions.parse(args, sections());
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(BenchOptions.usage(sections()));
      System.exit(2);
      return;
    }
    if (options.help()) {
      System.out.println(BenchOptions.usage(sections()));
      return;
    }
    List<BenchmarkSection> runnable;
    try {
      runnable = runnable(options, System.out::println);
    } catch (IllegalStateException e) {
      System.err.println(e.getMessage());
      System.exit(1);
      return;
    }
    try {
      System.exit(run(options, runnable));
    } catch (IOException e) {
      LOG.error("benchmark run failed: {}", e.toString());
      System.exit(1);
    }
  }

  /**
   * The sections of {@code options} that can run in this process. A section that cannot (see
   * {@link BenchmarkSection#unavailable()}) is skipped with its reason passed to {@code skipped} when
   * every section runs, and is an error when {@code --only} named it.
   *
   * @throws IllegalStateException naming the section and what it needs, if {@code --only} named it
   */
  static List<BenchmarkSection> runnable(BenchOptions options, Consumer<String> skipped) {
    List<BenchmarkSection> runnable = new ArrayList<>();
    for (BenchmarkSection section : options.sections()) {
      Optional<String> missing = section.unavailable();
      if (missing.isEmpty()) {
        runnable.add(section);
      } else if (options.named()) {
        throw new IllegalStateException("section " + section.id() + " " + missing.get());
      } else {
        skipped.accept("skipping section " + section.id() + ": it " + missing.get());
      }
    }
    return runnable;
  }

  private static int run(BenchOptions options, List<BenchmarkSection> sections)
      throws IOException {
    Path work = Files.createTempDirectory(options.workParent(), "cleanroom-bench-");
    try {
      BenchSettings settings = new BenchSettings(work, options.quick(), options.scale(),
          options.loadOnly());
      MachineFacts facts = MachineFacts.collect(work);
      LOG.info("machine: {}", facts.describe());
      Map<String, String> rendered = new LinkedHashMap<>();
      rendered.put(OVERVIEW_ID, overview());
      boolean failed = false;
      for (BenchmarkSection section : sections) {
        LOG.info("section {}: {}", section.id(), section.title());
        long start = System.nanoTime();
        String body;
        try {
          body = section.runMarkdown(settings);
        } catch (Exception e) {
          LOG.error("section {} failed", section.id(), e);
          failed = true;
          continue;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        String markdown = page(section, body, facts, seconds, options.quick(),
            settings.scaled() && section.hasLargerSizes());
        System.out.println();
        System.out.println(markdown);
        rendered.put(section.id(), markdown);
      }
      if (options.output().isPresent()) {
        Path file = options.output().get().toAbsolutePath();
        String existing = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        Files.writeString(file, BenchmarksFile.merge(existing, rendered), StandardCharsets.UTF_8);
        LOG.info("wrote {} to {}", rendered.keySet(), file);
      } else {
        LOG.info("nothing written: {}", options.quick()
            ? "a quick run writes no file unless --out names one" : "--print-only");
      }
      return failed ? 1 : 0;
    } finally {
      deleteRecursively(work);
    }
  }

  /** A section as it appears in the file: heading, when and where, the command, its body. */
  static String page(BenchmarkSection section, String body, MachineFacts facts, double seconds,
      boolean quick, boolean scaled) {
    StringBuilder text = new StringBuilder();
    text.append("## ").append(section.title()).append("\n\n");
    if (quick) {
      text.append("> **Quick smoke run (`--quick`): these numbers mean nothing.**\n\n");
    }
    text.append("*Measured ").append(facts.describe()).append(". The section took ")
        .append(Formats.count(seconds)).append(" s.*\n\n");
    // A section with its own launcher is not run by the jar, so only the build precedes it.
    text.append("```sh\n").append(section.launcher().equals(JAR) ? BUILD_AND_RUN : BUILD)
        .append("\n");
    if (!section.launcher().equals(JAR)) {
      // Its launcher takes JVM options from the environment; the heap decides how large a table fits.
      text.append("CLEANROOM_JAVA_OPTS=-Xmx").append(facts.memoryMegabytes()).append("m ");
    }
    text.append(section.launcher()).append(" --only ").append(section.id())
        .append(scaled ? " --scale   # this section alone, as published here"
            : "   # this section alone")
        .append("\n```\n\n");
    text.append(body.strip()).append('\n');
    return text.toString();
  }

  static String overview() {
    return "# Benchmarks\n\n"
        + "Every number below comes from one run of the benchmark program on the machine the"
        + " section names; the program writes the sections of this file itself. To measure your"
        + " own machine, from the repository root:\n\n"
        + "```sh\n" + BUILD_AND_RUN + "\n```\n\n"
        + "It runs every section in one JVM in a few minutes (the query section starts a fresh JVM"
        + " per path and trial for its queries), prints each section and rewrites it"
        + " here. `--only ID[,ID]` runs some sections and rewrites only those; `--print-only`"
        + " writes nothing; `--quick` is a smoke run of a few seconds whose numbers mean nothing;"
        + " `--scale` also runs the larger sizes of the sections that have them (10M rows per"
        + " table for the query, spark and DP sections; each section says which sizes it ran);"
        + " `--work-dir DIR` puts the work files on another disk (the durable benchmarks measure"
        + " the disk they run on); `--load-only --print-only` runs only the table loads of the"
        + " query section. The `spark` section needs Spark, which the jar leaves out: run it with"
        + " `./cleanroom-spark bench --only spark` (the plain jar skips it). Ratios compare runs of"
        + " the same program on the same machine, in the same process but for the query section's"
        + " queries; absolute numbers depend on"
        + " the disk and the CPU, and on a shared machine (see the load average each section"
        + " gives) they vary from run to run.\n";
  }

  private static void deleteRecursively(Path directory) {
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      LOG.warn("could not delete the work directory {}: {}", directory, e.toString());
    }
  }
}
