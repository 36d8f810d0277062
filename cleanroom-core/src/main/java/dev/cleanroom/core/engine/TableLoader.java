package dev.cleanroom.core.engine;

/**
 * Receives one table's rows for a {@link QueryEngine}. Not thread-safe: one loader is fed by one thread. A load
 * that is closed without {@link #finish} leaves no table behind.
 */
public interface TableLoader extends AutoCloseable {
  /** Adds a row; {@code values} follow the schema's column order. */
  void row(Object[] values);

  /**
   * Adds every row of {@code batch}, in order, after the rows added before. An engine that can take columns
   * without a Java object per value overrides this; the default adds the batch row by row. The batch is not
   * changed and may be kept by the loader until {@link #finish} or {@link #close}.
   */
  default void batch(ColumnBatch batch) {
    for (int row = 0; row < batch.rowCount(); row++) {
      row(batch.row(row));
    }
  }

  /** Makes the table visible to queries; returns the number of rows loaded. */
  long finish();

  /** Abandons the load if it was not finished. */
  @Override
  void close();
}
