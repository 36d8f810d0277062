package dev.cleanroom.runtime.engine;

/**
 * An engine the server can run rooms on, found by name through {@link java.util.ServiceLoader} so the server needs
 * no compile-time dependency on it (Apache Spark's libraries stay off the default class path). DuckDB is built into
 * the server and needs no provider.
 *
 * <p>Implementations are registered in {@code META-INF/services/dev.cleanroom.runtime.engine.EngineProvider}, must
 * have a public no-argument constructor and must do nothing costly before {@link #start}.
 */
public interface EngineProvider {
  /** The name chosen with {@code --engine}, lower case, e.g. {@code spark}. */
  String name();

  /**
   * Starts what the engine needs for the whole process (for Spark, its one application) and returns the factory of
   * per-room engines. Called at most once per server; the server closes the result when it stops. Throws a
   * {@link dev.cleanroom.core.CleanroomException} naming the setting at fault when {@code options} cannot be used.
   */
  Engines start(EngineOptions options);
}
