package dev.cleanroom.bench;

import java.util.List;

/**
 * Appends ledger entries to a store under one integrity scheme. The benchmark drives two of them
 * with the same entries, the same batches and the same store, so the difference in time is the cost
 * of the scheme.
 *
 * <p>Not thread-safe: one thread appends.
 */
interface LedgerWriter {

  /**
   * Appends {@code entries} in order as one store append (one fsync for a file store), together with
   * any records the scheme adds, and returns once they are durable.
   */
  void appendBatch(List<byte[]> entries);

  /** How many records the scheme added to the store beyond the entries, such as signed roots. */
  long addedRecords();
}
