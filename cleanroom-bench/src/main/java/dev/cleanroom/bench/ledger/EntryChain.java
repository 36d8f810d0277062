package dev.cleanroom.bench.ledger;

import dev.cleanroom.crypto.Hashes;
import java.security.MessageDigest;

/**
 * The room ledger's hash chain: each entry's {@code prev} is the hex SHA-256 of the entry before it
 * (64 zeros for entry 0), and {@code seq} counts entries from 0. This is the integrity the baseline
 * ledger has, and the Merkle ledger keeps it too, as {@code RoomLedgerState} does.
 *
 * <p>Not thread-safe.
 */
final class EntryChain {
  private final MessageDigest digest = Hashes.newSha256();
  private long nextSeq;
  private String previousHashHex = BallotEntries.ZERO_HASH_HEX;

  /** The sequence number of the next entry, which is the number of entries so far. */
  long nextSeq() {
    return nextSeq;
  }

  /** The {@code prev} of the next entry. */
  String previousHashHex() {
    return previousHashHex;
  }

  /** Takes in the next entry, built with {@link #nextSeq()} and {@link #previousHashHex()}. */
  void take(byte[] entry) {
    previousHashHex = Hashes.hex(digest.digest(entry));
    nextSeq++;
  }
}
