package dev.cleanroom.runtime;

import dev.cleanroom.crypto.dataset.DataKey;
import java.util.Objects;

/**
 * A data key the runtime holds in memory after a release, with what it was released for.
 *
 * @param key the data key
 * @param entryHash the hash of the dataset's contract entry the owner released it for
 * @param ledgerEntry the index of the ledger entry that records the release
 */
public record HeldKey(DataKey key, String entryHash, long ledgerEntry) {
  public HeldKey {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(entryHash, "entryHash");
  }
}
