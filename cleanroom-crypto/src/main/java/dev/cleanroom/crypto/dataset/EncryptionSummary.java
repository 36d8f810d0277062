package dev.cleanroom.crypto.dataset;

import java.util.HexFormat;
import java.util.Objects;

/**
 * What {@link DatasetCipher#encrypt} wrote: sizes, the SHA-256 of the ciphertext exactly as written (for the
 * signed manifest) and the number of chunks.
 *
 * @param plaintextBytes bytes read from the plaintext stream
 * @param ciphertextBytes bytes written to the ciphertext stream, header included
 * @param ciphertextSha256 lower-case hex SHA-256 of those ciphertext bytes
 * @param segmentCount number of chunks (segments), at least one even for empty plaintext
 */
public record EncryptionSummary(
    long plaintextBytes, long ciphertextBytes, String ciphertextSha256, long segmentCount) {
  public EncryptionSummary {
    Objects.requireNonNull(ciphertextSha256, "ciphertextSha256");
    if (plaintextBytes < 0 || ciphertextBytes < 0 || segmentCount < 1) {
      throw new IllegalArgumentException("sizes must be non-negative and there is at least one segment");
    }
    if (ciphertextSha256.length() != 64) {
      throw new IllegalArgumentException("ciphertextSha256 must be 64 hex characters");
    }
    ciphertextSha256 = HexFormat.of().formatHex(HexFormat.of().parseHex(ciphertextSha256));
  }
}
