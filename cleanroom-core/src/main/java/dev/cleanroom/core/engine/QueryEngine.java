package dev.cleanroom.core.engine;

import dev.cleanroom.core.dataset.ColumnSchema;
import java.util.List;
import java.util.Set;

/**
 * The engine port: where the runtime keeps decrypted tables and runs the queries the policy checker approved.
 * Adapters: DuckDB in-process (the default) and Apache Spark. An engine holds plaintext, so an adapter must keep
 * it in memory only (no spilling, no files), must refuse anything but read-only queries over the loaded tables,
 * and must not reach files, URLs, settings or extensions from SQL.
 *
 * <p>Lifecycle: create, load tables, run queries, {@link #close} (which drops every table). Implementations are
 * thread-safe: loads and queries may come from several threads.
 */
public interface QueryEngine extends AutoCloseable {
  /** A short name, e.g. {@code duckdb}. */
  String name();

  /**
   * The SQL dialect {@link #execute} takes, by name ({@code duckdb} or {@code spark}): the policy checker writes
   * the plan it approved in this dialect, so the engine runs that plan and no other text.
   */
  default String sqlDialect() {
    return name();
  }

  /**
   * Starts loading {@code table} with {@code schema}, replacing a table of that name once the load finishes.
   * Values passed to the loader are {@code Long}, {@code Double}, {@code Boolean}, {@code java.time.LocalDate},
   * {@code String} or null, matching the column types.
   */
  TableLoader load(String table, List<ColumnSchema> schema);

  /**
   * Runs one read-only SELECT over the loaded tables, with {@code parameters} bound to its {@code ?} placeholders
   * in order, and returns the whole result. Throws a {@link dev.cleanroom.core.CleanroomException} naming the
   * problem when the statement is not a plain query or fails.
   */
  ResultTable execute(String sql, List<Object> parameters);

  /**
   * Creates {@code table}, replacing a table of that name, holding the rows of one read-only SELECT over the loaded
   * tables, kept in memory like a loaded table and dropped the same way. The runtime derives tables from released
   * ones this way (a DP table's rows bounded per subject once per release); {@code sql} is never a user's text. The
   * statement is checked as {@link #execute} checks its own; a failure leaves no table of that name half made.
   */
  void materialize(String table, String sql);

  /** Drops {@code table} and its data, if loaded. */
  void drop(String table);

  /** The tables loaded now. */
  Set<String> tables();

  /** Drops every table and releases the engine's memory. */
  @Override
  void close();
}
