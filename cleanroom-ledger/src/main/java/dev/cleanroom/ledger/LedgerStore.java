package dev.cleanroom.ledger;

import java.util.List;

/**
 * Port for durable, append-only storage of opaque records, numbered from 0 in append order. The store
 * knows nothing of what a record means; integrity across records (hash chains, Merkle roots) is the
 * caller's business.
 *
 * <h2>Durability</h2>
 *
 * <p>{@link #append(List)} returns only after every record it was given has reached stable storage
 * (for a file, after {@code fsync}), so a record whose append returned survives a crash or power
 * loss: the store never loses or changes it. A crash during an append may lose any suffix of that
 * append's records, and after the restart a prefix of them may be present; an append that threw
 * because the storage failed is in the same unknown state. While the store runs, readers observe a
 * record only once it is durable, the records of one call become visible together, and they get
 * consecutive indexes.
 *
 * <h2>Threading and lifecycle</h2>
 *
 * <p>Implementations are thread-safe: appends from several threads are serialized in some order, and
 * reads may run concurrently with appends. After {@link #close()} every method except
 * {@code close} throws.
 */
public interface LedgerStore extends AutoCloseable {

  /**
   * The number of durable records. Records being appended by other threads are not counted until
   * their append completes, so this is the index of the next record only when no append is running.
   */
  long size();

  /**
   * Appends {@code records} in order and returns the index of the first one, after all of them are
   * durable. An empty list appends nothing and returns {@link #size()}.
   *
   * @throws dev.cleanroom.core.CleanroomException {@code INVALID_ARGUMENT}, with nothing written, if a
   *     record breaks the store's limits; {@code IO} if the storage failed
   */
  long append(List<byte[]> records);

  /**
   * Returns a copy of record {@code index}.
   *
   * @throws dev.cleanroom.core.CleanroomException {@code NOT_FOUND} if {@code index >= size()};
   *     {@code INVALID_ARGUMENT} if it is negative; {@code INTEGRITY} if the stored record is damaged
   */
  byte[] read(long index);

  /**
   * Returns copies of the records {@code fromInclusive} up to, not including, {@code toExclusive}.
   *
   * @throws dev.cleanroom.core.CleanroomException {@code INVALID_ARGUMENT} unless {@code 0 <=
   *     fromInclusive <= toExclusive <= size()}; {@code INTEGRITY} if a stored record is damaged
   */
  List<byte[]> readRange(long fromInclusive, long toExclusive);

  /** Releases the storage. Idempotent. Appends that already returned stay durable. */
  @Override
  void close();
}
