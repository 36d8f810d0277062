package dev.cleanroom.server;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.engine.duckdb.DuckDbEngine;
import dev.cleanroom.runtime.engine.EngineOptions;
import dev.cleanroom.runtime.engine.EngineProvider;
import dev.cleanroom.runtime.engine.Engines;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Starts the engine a server is configured with: DuckDB is built in; any other engine is an {@link EngineProvider}
 * found on the class path, so the server has no compile-time dependency on it.
 */
final class EngineResolver {
  /** Engines this project ships outside the default class path, with the launcher that puts each on it. */
  private static final Map<String, String> LAUNCHERS = Map.of("spark", "./cleanroom-spark");

  private EngineResolver() {}

  static Engines start(EngineOptions options) {
    if (options.engine().equals(EngineOptions.DEFAULT_ENGINE)) {
      return Engines.of(EngineOptions.DEFAULT_ENGINE, Map.of(), room -> DuckDbEngine.inMemory(), () -> { });
    }
    List<String> available = new ArrayList<>(List.of(EngineOptions.DEFAULT_ENGINE));
    for (EngineProvider provider : ServiceLoader.load(EngineProvider.class, EngineResolver.class.getClassLoader())) {
      if (provider.name().equals(options.engine())) {
        return provider.start(options);
      }
      available.add(provider.name());
    }
    String launcher = LAUNCHERS.get(options.engine());
    if (launcher != null) {
      throw CleanroomException.invalid("engine '" + options.engine() + "' is not on the classpath: start the server"
          + " with " + launcher);
    }
    throw CleanroomException.invalid("unknown engine '" + options.engine() + "': this server can run "
        + String.join(", ", available));
  }
}
