package dev.cleanroom.bench;

import java.util.Optional;

/**
 * One section of {@code BENCHMARKS.md}: a benchmark that runs in the shared benchmark process and
 * reports its results as Markdown. {@link BenchMain} runs the sections one after the other, never
 * two at once, so a section may use every core; it adds the heading, the date, the machine and the
 * command around what {@link #runMarkdown} returns.
 *
 * <p>To add a benchmark, implement this interface and add an instance to {@link BenchMain#sections()}.
 */
public interface BenchmarkSection {

  /**
   * A short, stable name such as {@code ledger-append}: it selects the section on the command line
   * ({@code --only}) and marks its place in {@code BENCHMARKS.md}, so changing it orphans the old text.
   */
  String id();

  /** The section's heading, without Markdown markup. */
  String title();

  /**
   * Runs the benchmark and returns the section's body: what is measured and how, a table of the
   * results and their ratios, each target and whether it is met, and notes on anything missed.
   * Progress may be logged; results go only into the returned text. Called at most once per run.
   *
   * @throws Exception if the benchmark cannot run; the run reports it and goes on with the next
   *     section, leaving this section's old text in {@code BENCHMARKS.md} untouched
   */
  String runMarkdown(BenchSettings settings) throws Exception;

  /**
   * Whether the section has larger sizes that {@code --scale} adds ({@link BenchSettings#scaled()});
   * the published command line of such a section then names {@code --scale}.
   */
  default boolean hasLargerSizes() {
    return false;
  }

  /**
   * Why the section cannot run in this process, or empty if it can: a section that needs libraries the
   * benchmark jar leaves out says what is missing and how to run it. {@link BenchMain} checks this
   * before it runs anything; it must be cheap and must not load the missing classes' users.
   */
  default Optional<String> unavailable() {
    return Optional.empty();
  }

  /** The command that runs the benchmark program with what this section needs, as published. */
  default String launcher() {
    return BenchMain.JAR;
  }
}
