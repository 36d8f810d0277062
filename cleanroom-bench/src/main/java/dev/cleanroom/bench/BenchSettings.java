package dev.cleanroom.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What every benchmark section of one run shares: where it may put its files and whether this is a
 * quick smoke run. Each section keeps its own sizes and durations, in a standard version (what
 * {@code BENCHMARKS.md} reports) and a quick version that exercises every code path in a few seconds
 * with numbers that mean nothing; {@link #pick} chooses between them.
 *
 * @param workDirectory an existing directory the section may create files in; BenchMain deletes it
 *     after the run. Durable benchmarks sync files there, so it decides which disk is measured.
 * @param quick whether this is a smoke run
 */
public record BenchSettings(Path workDirectory, boolean quick) {

  public BenchSettings {
    Objects.requireNonNull(workDirectory, "workDirectory");
    if (!Files.isDirectory(workDirectory)) {
      throw new IllegalArgumentException("work directory " + workDirectory + " does not exist");
    }
  }

  /** {@code standard} in a real run, {@code quick} in a smoke run. */
  public <T> T pick(T standard, T quick) {
    return this.quick ? quick : standard;
  }
}
