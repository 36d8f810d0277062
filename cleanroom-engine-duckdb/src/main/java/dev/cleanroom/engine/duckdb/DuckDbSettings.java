package dev.cleanroom.engine.duckdb;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The DuckDB settings the engine opens its database with. They are given as start-up configuration (not as
 * {@code SET} statements), and {@code lock_configuration} comes last, so no statement can change any of them
 * afterwards. Each setting but the memory ones closes one way plaintext could leave memory or foreign code could
 * enter.
 */
final class DuckDbSettings {
  /** The values the engine checks after opening; it refuses to run if any of them did not take effect. */
  static final Map<String, String> REQUIRED = Map.of("temp_directory", "", "enable_external_access", "false",
      "autoload_known_extensions", "false", "autoinstall_known_extensions", "false",
      "allow_community_extensions", "false", "allow_unsigned_extensions", "false", "lock_configuration", "true");

  private DuckDbSettings() {}

  /**
   * The settings, passed as connection properties so they hold from the database's creation; the memory limit
   * and thread count come from the caller.
   *
   * <p>Why each one:
   *
   * <ul>
   *   <li>{@code temp_directory=''}: no directory to offload blocks to, so an operation that does not fit the
   *       memory limit fails with "Out of Memory" instead of writing plaintext to disk. This is what stops
   *       spilling in DuckDB 2.0: {@code max_temp_directory_size='0B'} alone still writes spill files (a test
   *       shows it).
   *   <li>{@code max_temp_directory_size='0B'}: a second bound, should a later version ignore the empty
   *       directory.
   *   <li>{@code enable_external_access=false}: no reading or writing files or URLs from SQL ({@code read_csv},
   *       {@code COPY}, {@code ATTACH}, replacement scans of file names).
   *   <li>{@code autoload_known_extensions=false}, {@code autoinstall_known_extensions=false},
   *       {@code allow_community_extensions=false}, {@code allow_unsigned_extensions=false}: only the extensions
   *       compiled into the driver run; no code is downloaded or loaded at run time.
   *   <li>{@code allow_persistent_secrets=false}: no secret is written to or read from the home directory.
   *   <li>{@code lock_configuration=true}: no {@code SET}, {@code RESET} or {@code PRAGMA} can undo the above.
   *   <li>{@code allocator_flush_threshold} and {@code allocator_bulk_deallocation_flush_threshold} at the memory
   *       limit ({@link #allocator}): not a protection but how the engine keeps its memory, see there.
   * </ul>
   */
  static Properties startup(String memoryLimit, int threads) {
    Properties properties = new Properties();
    for (Map.Entry<String, String> setting : values(memoryLimit, threads).entrySet()) {
      properties.setProperty(setting.getKey(), setting.getValue());
    }
    return properties;
  }

  static Map<String, String> values(String memoryLimit, int threads) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("memory_limit", memoryLimit);
    settings.put("threads", Integer.toString(threads));
    settings.put("temp_directory", "");
    settings.put("max_temp_directory_size", "0B");
    settings.put("enable_external_access", "false");
    settings.put("autoload_known_extensions", "false");
    settings.put("autoinstall_known_extensions", "false");
    settings.put("allow_community_extensions", "false");
    settings.put("allow_unsigned_extensions", "false");
    settings.put("allow_persistent_secrets", "false");
    settings.putAll(allocator(memoryLimit));
    settings.put("lock_configuration", "true");
    return settings;
  }

  /**
   * DuckDB's allocator returns the memory a query freed to the operating system once the query's peak passed
   * {@code allocator_flush_threshold} (128 MiB by default), and after any bulk release above
   * {@code allocator_bulk_deallocation_flush_threshold}; the next query then takes it back page by page. The runtime
   * is one long-lived process that holds its tables until their keys go and runs query after query over them, so
   * the engine keeps that memory for the next query instead: both thresholds at the memory limit, which bounds what
   * the database allocates anyway. On a virtual machine whose host reclaims returned memory, the default made the
   * same ten-million-row join take from 4 to 19 seconds from one run to the next; kept, it took 2.4 to 3.7.
   */
  static Map<String, String> allocator(String memoryLimit) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("allocator_flush_threshold", memoryLimit);
    settings.put("allocator_bulk_deallocation_flush_threshold", memoryLimit);
    return settings;
  }

  /** Half the machine's physical memory, in whole megabytes, leaving the rest to the JVM and the system. */
  static String defaultMemoryLimit() {
    long physical = physicalMemoryBytes();
    long megabytes = Math.max(256, physical / 2 / (1024 * 1024));
    return megabytes + "MB";
  }

  private static long physicalMemoryBytes() {
    java.lang.management.OperatingSystemMXBean bean = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    if (bean instanceof com.sun.management.OperatingSystemMXBean) {
      return ((com.sun.management.OperatingSystemMXBean) bean).getTotalMemorySize();
    }
    return Runtime.getRuntime().maxMemory();
  }
}
