package dev.cleanroom.bench;

import dev.cleanroom.crypto.Hashes;
import java.security.DigestException;
import java.security.MessageDigest;

/**
 * A plain hash chain over records: {@code head = SHA-256(head || record)}, starting from 32 zero
 * bytes. It is the integrity scheme of the baseline ledger, and the Merkle ledger keeps one too, as
 * the room ledger does with its {@code prev} field.
 *
 * <p>Not thread-safe.
 */
final class HashChain {
  private final MessageDigest digest = Hashes.newSha256();
  private final byte[] head = new byte[32];

  /** Extends the chain by one record. */
  void add(byte[] record) {
    digest.update(head);
    digest.update(record);
    try {
      digest.digest(head, 0, head.length);
    } catch (DigestException e) {
      throw new IllegalStateException("SHA-256 refused a 32-byte output buffer", e);
    }
  }

  /** A copy of the current head. */
  byte[] head() {
    return head.clone();
  }
}
