package dev.cleanroom.core.engine;

/**
 * Receives one table's rows for a {@link QueryEngine}. Not thread-safe: one loader is fed by one thread. A load
 * that is closed without {@link #finish} leaves no table behind.
 */
public interface TableLoader extends AutoCloseable {
  /** Adds a row; {@code values} follow the schema's column order. */
  void row(Object[] values);

  /** Makes the table visible to queries; returns the number of rows loaded. */
  long finish();

  /** Abandons the load if it was not finished. */
  @Override
  void close();
}
