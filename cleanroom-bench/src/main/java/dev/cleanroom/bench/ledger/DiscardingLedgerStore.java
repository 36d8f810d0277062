package dev.cleanroom.bench.ledger;

import dev.cleanroom.ledger.LedgerStore;
import java.util.List;

/**
 * A {@link LedgerStore} that counts records and keeps none, to measure what a {@link LedgerScheme}
 * costs in CPU alone. It cannot read: {@link #read} and {@link #readRange} throw
 * {@link UnsupportedOperationException}. Not thread-safe: {@link GroupCommitLedger} calls it from
 * one leader at a time.
 */
final class DiscardingLedgerStore implements LedgerStore {
  private long size;

  @Override
  public long size() {
    return size;
  }

  @Override
  public long append(List<byte[]> records) {
    long first = size;
    size += records.size();
    return first;
  }

  @Override
  public byte[] read(long index) {
    throw new UnsupportedOperationException("a discarding store keeps no records");
  }

  @Override
  public List<byte[]> readRange(long fromInclusive, long toExclusive) {
    throw new UnsupportedOperationException("a discarding store keeps no records");
  }

  @Override
  public void close() {
    // Nothing is held.
  }
}
