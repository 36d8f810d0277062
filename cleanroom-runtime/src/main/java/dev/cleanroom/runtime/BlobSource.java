package dev.cleanroom.runtime;

import java.io.InputStream;

/**
 * Where the runtime reads encrypted datasets from: the operator's storage, by ciphertext SHA-256. The runtime never
 * trusts what it reads; every byte is authenticated on decryption and the hash is checked against the contract.
 * Implementations are thread-safe.
 */
public interface BlobSource {
  /**
   * Opens the stored ciphertext named by {@code sha256}; throws a {@link dev.cleanroom.core.CleanroomException} of
   * category {@code NOT_FOUND} when there is none.
   */
  InputStream open(dev.cleanroom.core.contract.RoomId room, String sha256);

  /**
   * The stored file itself, for engines whose workers read it directly ({@link EncryptedTableEngine}); empty when
   * this source has no file a worker could open. Workers on other machines need the same path mounted.
   */
  default java.util.Optional<java.nio.file.Path> location(dev.cleanroom.core.contract.RoomId room, String sha256) {
    return java.util.Optional.empty();
  }
}
