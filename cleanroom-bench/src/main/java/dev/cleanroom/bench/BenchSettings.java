package dev.cleanroom.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What every benchmark section of one run shares: where it may put its files, whether this is a
 * quick smoke run and whether the larger sizes were asked for. Each section keeps its own sizes and
 * durations, in a standard version (what {@code BENCHMARKS.md} reports unless the section says it
 * ran with {@code --scale}) and a quick version that exercises every code path in a few seconds with
 * numbers that mean nothing; {@link #pick} chooses between them. Sections with a larger version run
 * it, in addition to the standard one, when {@link #scale()} is set; the others ignore it.
 *
 * @param workDirectory an existing directory the section may create files in; BenchMain deletes it
 *     after the run. Durable benchmarks sync files there, so it decides which disk is measured.
 * @param quick whether this is a smoke run
 * @param scale whether the larger sizes were asked for ({@code --scale}); a quick run ignores it
 * @param loadOnly whether the query section measures its table loads only ({@code --load-only})
 */
public record BenchSettings(Path workDirectory, boolean quick, boolean scale, boolean loadOnly) {

  public BenchSettings {
    Objects.requireNonNull(workDirectory, "workDirectory");
    if (!Files.isDirectory(workDirectory)) {
      throw new IllegalArgumentException("work directory " + workDirectory + " does not exist");
    }
  }

  /** A run of whole sections. */
  public BenchSettings(Path workDirectory, boolean quick, boolean scale) {
    this(workDirectory, quick, scale, false);
  }

  /** A run without the larger sizes. */
  public BenchSettings(Path workDirectory, boolean quick) {
    this(workDirectory, quick, false, false);
  }

  /** Whether the section should also run its larger sizes: {@code --scale} and not a smoke run. */
  public boolean scaled() {
    return scale && !quick;
  }

  /** {@code standard} in a real run, {@code quick} in a smoke run. */
  public <T> T pick(T standard, T quick) {
    return this.quick ? quick : standard;
  }
}
