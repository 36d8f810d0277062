package dev.cleanroom.bench;

import dev.cleanroom.ledger.LedgerStore;
import java.util.List;
import java.util.Objects;

/** The baseline: a hash chain over the entries and nothing else; no Merkle tree, no signatures. */
final class HashChainLedgerWriter implements LedgerWriter {
  private final LedgerStore store;
  private final HashChain chain = new HashChain();

  HashChainLedgerWriter(LedgerStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  @Override
  public void appendBatch(List<byte[]> entries) {
    for (byte[] entry : entries) {
      chain.add(entry);
    }
    store.append(entries);
  }

  @Override
  public long addedRecords() {
    return 0;
  }

  /** The chain head after every entry appended so far. */
  byte[] chainHead() {
    return chain.head();
  }
}
