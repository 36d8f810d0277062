package dev.cleanroom.runtime.engine;

import dev.cleanroom.core.contract.RoomId;
import dev.cleanroom.core.engine.QueryEngine;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * A started engine: makes the engine of each room and, on {@link #close}, stops what was started for the whole
 * process (for Spark, its application). Its {@link #configuration()} is measured with the runtime's code, so a
 * contract that accepted a runtime on one engine does not accept the same code on another engine or cluster.
 *
 * <p>Thread-safe; {@link #close} runs its hook once, after the rooms' engines are closed by their owner.
 */
public final class Engines implements AutoCloseable {
  private final String name;
  private final Map<String, String> settings;
  private final Function<RoomId, QueryEngine> perRoom;
  private final Runnable onClose;
  private final AtomicBoolean closed = new AtomicBoolean();

  private Engines(String name, Map<String, String> settings, Function<RoomId, QueryEngine> perRoom, Runnable onClose) {
    this.name = name;
    this.settings = settings;
    this.perRoom = perRoom;
    this.onClose = onClose;
  }

  /**
   * @param name the engine's name, measured as {@code engine=NAME}
   * @param settings what else decides where and how queries run (for Spark, its master), measured in this order;
   *     never secrets, since the measurement text is not secret
   * @param perRoom makes the engine of one room
   * @param onClose stops what the engine started for the process
   */
  public static Engines of(String name, Map<String, String> settings, Function<RoomId, QueryEngine> perRoom,
      Runnable onClose) {
    Objects.requireNonNull(name, "name");
    Map<String, String> copy = new LinkedHashMap<>();
    settings.forEach((key, value) -> {
      if (key.contains("=") || key.contains("\n") || value.contains("\n")) {
        throw new IllegalArgumentException("engine setting '" + key + "' cannot be written as one key=value line");
      }
      copy.put(key, value);
    });
    return new Engines(name, java.util.Collections.unmodifiableMap(copy), Objects.requireNonNull(perRoom, "perRoom"),
        Objects.requireNonNull(onClose, "onClose"));
  }

  public String name() {
    return name;
  }

  /** The settings measured with the engine's name, in order. */
  public Map<String, String> settings() {
    return settings;
  }

  /**
   * The engine's part of the measured configuration: {@code engine=NAME} and one {@code key=value} line per
   * setting, each ending in a line feed. DuckDB's is {@code engine=duckdb\n}.
   */
  public String configuration() {
    StringBuilder text = new StringBuilder("engine=").append(name).append('\n');
    settings.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
    return text.toString();
  }

  /** A new engine for {@code room}. */
  public QueryEngine newEngine(RoomId room) {
    if (closed.get()) {
      throw new IllegalStateException("engine '" + name + "' was stopped");
    }
    return perRoom.apply(room);
  }

  /** For display: the name and settings, e.g. {@code spark (spark.master=local[2])}. */
  @Override
  public String toString() {
    return settings.isEmpty() ? name : name + " " + settings.toString().replace('{', '(').replace('}', ')');
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      onClose.run();
    }
  }
}
