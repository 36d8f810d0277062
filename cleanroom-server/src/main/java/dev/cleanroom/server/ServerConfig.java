package dev.cleanroom.server;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.runtime.engine.EngineOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a room server.
 *
 * @param dataDirectory where each room's ledger file lives ({@code rooms/NAME/ledger.log})
 * @param host address to listen on; loopback by default so nothing is exposed by accident
 * @param port TCP port, 0 for any free one
 * @param maxRequestBytes largest request body accepted
 * @param rootEveryEntries the runtime signs a root once this many entries are unsigned
 * @param rootInterval and at this interval whenever any entry is unsigned
 * @param engine which engine holds the rooms' decrypted tables and runs their queries (DuckDB by default)
 */
public record ServerConfig(Path dataDirectory, String host, int port, long maxRequestBytes, int rootEveryEntries,
    Duration rootInterval, EngineOptions engine) {
  public static final long DEFAULT_MAX_REQUEST_BYTES = 1024 * 1024;
  /** Largest encrypted dataset accepted in one upload; uploads stream to disk, so this bounds disk, not memory. */
  public static final long MAX_BLOB_BYTES = 1L << 40;
  public static final int DEFAULT_ROOT_EVERY_ENTRIES = 1000;
  public static final Duration DEFAULT_ROOT_INTERVAL = Duration.ofSeconds(1);

  public ServerConfig {
    Objects.requireNonNull(dataDirectory, "dataDirectory");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(rootInterval, "rootInterval");
    Objects.requireNonNull(engine, "engine");
    if (port < 0 || port > 65535) {
      throw CleanroomException.invalid("port must be 0-65535, got " + port);
    }
    if (maxRequestBytes < 1024) {
      throw CleanroomException.invalid("max request size must be at least 1024 bytes, got " + maxRequestBytes);
    }
    if (rootEveryEntries < 1) {
      throw CleanroomException.invalid("root signing interval must be at least 1 entry, got " + rootEveryEntries);
    }
  }

  /** Settings on the default engine, DuckDB. */
  public ServerConfig(Path dataDirectory, String host, int port, long maxRequestBytes, int rootEveryEntries,
      Duration rootInterval) {
    this(dataDirectory, host, port, maxRequestBytes, rootEveryEntries, rootInterval, EngineOptions.defaults());
  }

  public static ServerConfig defaults(Path dataDirectory) {
    return new ServerConfig(dataDirectory, "127.0.0.1", 0, DEFAULT_MAX_REQUEST_BYTES, DEFAULT_ROOT_EVERY_ENTRIES,
        DEFAULT_ROOT_INTERVAL);
  }

  public ServerConfig withPort(int changed) {
    return new ServerConfig(dataDirectory, host, changed, maxRequestBytes, rootEveryEntries, rootInterval, engine);
  }

  public ServerConfig withHost(String changed) {
    return new ServerConfig(dataDirectory, changed, port, maxRequestBytes, rootEveryEntries, rootInterval, engine);
  }

  public ServerConfig withEngine(EngineOptions changed) {
    return new ServerConfig(dataDirectory, host, port, maxRequestBytes, rootEveryEntries, rootInterval, changed);
  }
}
