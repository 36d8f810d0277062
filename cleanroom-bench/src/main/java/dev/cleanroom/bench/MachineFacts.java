package dev.cleanroom.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The machine and JVM a run measured, as printed with every section.
 *
 * @param date when the run started, in UTC
 * @param cores processors available to the JVM
 * @param processor the CPU model from {@code /proc/cpuinfo}, or the architecture if unreadable
 * @param memoryMegabytes the JVM's maximum heap
 * @param jdk the JVM's name and runtime version
 * @param operatingSystem name, version and architecture
 * @param fileSystem the type of the file system the work directory is on, such as {@code ext4}
 * @param loadAverage the one-minute load average when the run started, or -1 if unknown: other work
 *     on the machine competes with the benchmarks
 */
public record MachineFacts(
    ZonedDateTime date,
    int cores,
    String processor,
    long memoryMegabytes,
    String jdk,
    String operatingSystem,
    String fileSystem,
    double loadAverage) {

  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT);

  /** Describes this JVM and the machine it runs on, with {@code workDirectory}'s file system. */
  public static MachineFacts collect(Path workDirectory) {
    String fileSystem;
    try {
      fileSystem = Files.getFileStore(workDirectory).type();
    } catch (IOException e) {
      fileSystem = "unknown";
    }
    return new MachineFacts(
        ZonedDateTime.now(ZoneOffset.UTC),
        Runtime.getRuntime().availableProcessors(),
        readProcessorModel(),
        Runtime.getRuntime().maxMemory() / (1024 * 1024),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
        System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
            + System.getProperty("os.arch"),
        fileSystem,
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  /** One line for the top of a section. */
  public String describe() {
    return DATE.format(date) + "; " + cores + " cores (" + processor + "); " + jdk + ", max heap "
        + memoryMegabytes + " MB; " + operatingSystem + "; work files on " + fileSystem
        + (loadAverage < 0 ? "" : String.format(Locale.ROOT, "; load average %.2f at the start",
            loadAverage));
  }

  private static String readProcessorModel() {
    try {
      List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8);
      for (String line : lines) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not Linux, or not readable: the architecture will do.
    }
    return System.getProperty("os.arch");
  }
}
