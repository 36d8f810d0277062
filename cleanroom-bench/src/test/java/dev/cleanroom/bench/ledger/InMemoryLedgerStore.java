package dev.cleanroom.bench.ledger;

import dev.cleanroom.ledger.LedgerStore;
import java.util.ArrayList;
import java.util.List;

/** A {@link LedgerStore} in a list, counting appends. Thread-safe. */
final class InMemoryLedgerStore implements LedgerStore {
  private final List<byte[]> records = new ArrayList<>();
  private int appends;

  @Override
  public synchronized long size() {
    return records.size();
  }

  @Override
  public synchronized long append(List<byte[]> batch) {
    long first = records.size();
    records.addAll(batch);
    appends++;
    return first;
  }

  @Override
  public synchronized byte[] read(long index) {
    return records.get((int) index).clone();
  }

  @Override
  public synchronized List<byte[]> readRange(long fromInclusive, long toExclusive) {
    return new ArrayList<>(records.subList((int) fromInclusive, (int) toExclusive));
  }

  synchronized int appends() {
    return appends;
  }

  @Override
  public void close() {
    // Nothing is held.
  }
}
