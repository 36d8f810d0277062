package dev.cleanroom.crypto.dataset;

import static dev.cleanroom.crypto.dataset.DatasetCipher.CIPHERTEXT_SEGMENT_SIZE;
import static dev.cleanroom.crypto.dataset.DatasetCipher.HEADER_SIZE;
import static dev.cleanroom.crypto.dataset.DatasetCipher.TAG_SIZE;

import com.google.crypto.tink.subtle.StreamSegmentDecrypter;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Objects;

/**
 * Random access to the chunks (segments) of one dataset file: given the file's header, any chunk decrypts and
 * authenticates on its own, so chunks can be decrypted in any order, in parallel (one decrypter per thread), or
 * straight from a memory-mapped file without copying. {@link DatasetCipher#decrypting} reads a whole file
 * through one of these.
 *
 * <p>Security guarantees: those of {@link DatasetCipher}, per chunk. A chunk authenticates only under its own
 * index, with the right last-chunk flag, for this file's header, dataset id and key. Authenticating every chunk
 * one by one does not prove the file complete: the caller must also decrypt the chunk it believes last with
 * {@code last = true} (a file cut at a chunk boundary fails there), and must know the file's true length, as
 * {@link #segmentCount} and {@link #segmentLength} derive the layout from it.
 *
 * <p>Not thread-safe: it holds one cipher. Open one per thread from the same header; opening is cheap (one
 * HKDF).
 */
public final class DatasetSegmentDecrypter {
  static final String POSSIBLE_CAUSES =
      "the file was tampered with, its chunks were reordered or truncated, this chunk comes from another dataset"
          + " or file, or the key or dataset id is wrong (AES-GCM cannot tell these apart)."
          + " Discard any plaintext already read from this file";

  private final StreamSegmentDecrypter decrypter;
  private final String datasetId;

  private DatasetSegmentDecrypter(StreamSegmentDecrypter decrypter, String datasetId) {
    this.decrypter = decrypter;
    this.datasetId = datasetId;
  }

  /**
   * Checks {@code header} (the file's first {@link DatasetCipher#HEADER_SIZE} bytes, or fewer if the file is
   * shorter) and derives this file's key from it.
   *
   * @throws DatasetIntegrityException when the header is cut short or not of this format
   */
  public static DatasetSegmentDecrypter open(DataKey key, String datasetId, byte[] header)
      throws DatasetIntegrityException {
    Objects.requireNonNull(header, "header");
    byte[] associatedData = DatasetCipher.associatedData(datasetId);
    if (header.length < HEADER_SIZE) {
      throw DatasetIntegrityException.header(datasetId, header.length == 0
          ? "the file is empty, not a cleanroom dataset file"
          : "the file is truncated inside its header (" + header.length + " of " + HEADER_SIZE
              + " bytes), or is not a cleanroom dataset file");
    }
    if (header[0] != HEADER_SIZE) {
      throw DatasetIntegrityException.header(datasetId, String.format(
          "not a cleanroom dataset file (%s): its first byte is 0x%02x where the header length 0x%02x belongs",
          DatasetCipher.FORMAT, header[0] & 0xff, HEADER_SIZE));
    }
    try {
      StreamSegmentDecrypter decrypter = DatasetCipher.streamingAead(key).newStreamSegmentDecrypter();
      decrypter.init(ByteBuffer.wrap(header, 0, HEADER_SIZE), associatedData);
      return new DatasetSegmentDecrypter(decrypter, datasetId);
    } catch (GeneralSecurityException e) {
      throw DatasetIntegrityException.header(datasetId, "the header was rejected: " + POSSIBLE_CAUSES);
    }
  }

  /** Chunks in a well-formed file of {@code ciphertextBytes}: the header and chunk 0 share the first MiB. */
  public static long segmentCount(long ciphertextBytes) {
    if (ciphertextBytes < 0) {
      throw new IllegalArgumentException("ciphertextBytes must be non-negative");
    }
    return Math.max(1, (ciphertextBytes + CIPHERTEXT_SEGMENT_SIZE - 1) / CIPHERTEXT_SEGMENT_SIZE);
  }

  /** File offset of chunk {@code index}'s first byte: chunk 0 starts after the header, chunk i at i MiB. */
  public static long segmentStart(long index) {
    if (index < 0) {
      throw new IllegalArgumentException("chunk index must be non-negative");
    }
    return index == 0 ? HEADER_SIZE : index * CIPHERTEXT_SEGMENT_SIZE;
  }

  /**
   * Ciphertext bytes of chunk {@code index} (its tag included) in a file of {@code ciphertextBytes}; at most
   * one MiB, less for chunk 0 and the last chunk.
   */
  public static int segmentLength(long index, long ciphertextBytes) {
    long count = segmentCount(ciphertextBytes);
    if (index < 0 || index >= count) {
      throw new IllegalArgumentException(
          "chunk " + index + " is outside a file of " + ciphertextBytes + " bytes (" + count + " chunks)");
    }
    long end = Math.min((index + 1) * CIPHERTEXT_SEGMENT_SIZE, ciphertextBytes);
    return (int) Math.max(0, end - segmentStart(index));
  }

  /**
   * Decrypts and authenticates chunk {@code index}: all of {@code ciphertext}'s remaining bytes, tag included.
   * The plaintext (16 bytes fewer) is written at {@code plaintext}'s position, which advances; {@code plaintext}
   * needs that much room. On failure nothing of the chunk is left readable in {@code plaintext}.
   *
   * @param last whether this is the file's final chunk; a final chunk decrypted as non-final fails, and so
   *     does the reverse
   * @throws DatasetIntegrityException naming the dataset and chunk when the chunk does not authenticate or is
   *     shorter than its tag
   */
  public void decrypt(long index, boolean last, ByteBuffer ciphertext, ByteBuffer plaintext)
      throws DatasetIntegrityException {
    int size = ciphertext.remaining();
    if (index < 0 || index > Integer.MAX_VALUE) {
      throw DatasetIntegrityException.chunk(
          datasetId, index, "chunk index outside the format's range (0 to 2^31 - 1)", null);
    }
    if (size < TAG_SIZE) {
      throw DatasetIntegrityException.chunk(datasetId, index, String.format(
          "the file ends %d bytes into this chunk (file offset %d), before its %d-byte tag: it was truncated,"
              + " or bytes were removed. Discard any plaintext already read from this file",
          size, segmentStart(index), TAG_SIZE), null);
    }
    if (plaintext.remaining() < size - TAG_SIZE) {
      throw new IllegalArgumentException("plaintext buffer holds " + plaintext.remaining() + " bytes; chunk "
          + index + " needs " + (size - TAG_SIZE));
    }
    int start = plaintext.position();
    try {
      decrypter.decryptSegment(ciphertext, (int) index, last, plaintext);
    } catch (GeneralSecurityException e) {
      plaintext.position(start);
      throw DatasetIntegrityException.chunk(datasetId, index, String.format(
          "%s chunk at file offset %d (%d bytes) did not authenticate: %s",
          last ? "the final" : "a non-final", segmentStart(index), size, POSSIBLE_CAUSES), e);
    }
  }
}
