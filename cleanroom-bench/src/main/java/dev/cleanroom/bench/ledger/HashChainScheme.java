package dev.cleanroom.bench.ledger;

import java.time.Clock;
import java.util.List;
import java.util.Objects;

/** The baseline: the entries' hash chain and nothing else; no Merkle tree, no signed roots. */
final class HashChainScheme implements LedgerScheme {
  private final EntryChain chain = new EntryChain();
  private final Clock clock;

  HashChainScheme(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public void sequence(List<byte[]> bodies, List<byte[]> records) {
    for (byte[] body : bodies) {
      byte[] entry = BallotEntries.entry(
          chain.nextSeq(), chain.previousHashHex(), clock.instant(), body);
      chain.take(entry);
      records.add(entry);
    }
  }
}
