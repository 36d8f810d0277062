package dev.cleanroom.crypto.dataset;

import static dev.cleanroom.crypto.dataset.DatasetCipher.FIRST_PLAINTEXT_SEGMENT_SIZE;
import static dev.cleanroom.crypto.dataset.DatasetCipher.PLAINTEXT_SEGMENT_SIZE;
import static dev.cleanroom.crypto.dataset.DatasetCipher.TAG_SIZE;

import com.google.crypto.tink.subtle.StreamSegmentEncrypter;
import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.ErrorCode;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;

/**
 * Writes one dataset file chunk by chunk, from and into buffers the caller owns, so that data already in memory
 * (or memory-mapped) is encrypted without being copied. The file is {@link #header()} followed by the output of
 * every {@link #encryptNext} call in order. {@link DatasetCipher#encrypt} streams through one of these.
 *
 * <p>Security guarantees: those of {@link DatasetCipher}. Each encrypter draws a fresh random salt and nonce
 * prefix, so two files never share a key or nonce. The chunk index is counted here, not passed in, so chunks
 * cannot be numbered twice. A file whose writer stopped before a chunk with {@code last = true} does not decrypt.
 *
 * <p>Not thread-safe; one file per encrypter, chunks in order.
 */
public final class DatasetSegmentEncrypter {
  private final StreamSegmentEncrypter encrypter;
  private final byte[] header;
  private long nextIndex;
  private boolean finished;

  private DatasetSegmentEncrypter(StreamSegmentEncrypter encrypter) {
    this.encrypter = encrypter;
    ByteBuffer headerBuffer = encrypter.getHeader();
    this.header = new byte[headerBuffer.remaining()];
    headerBuffer.get(header);
  }

  /** Starts a new file of dataset {@code datasetId} under {@code key}. */
  public static DatasetSegmentEncrypter start(DataKey key, String datasetId) {
    byte[] associatedData = DatasetCipher.associatedData(datasetId);
    try {
      return new DatasetSegmentEncrypter(DatasetCipher.streamingAead(key).newStreamSegmentEncrypter(associatedData));
    } catch (GeneralSecurityException e) {
      throw new CleanroomException(ErrorCode.INTERNAL, "cannot start encrypting dataset '" + datasetId + "'", e);
    }
  }

  /** The file's first {@link DatasetCipher#HEADER_SIZE} bytes (a copy). */
  public byte[] header() {
    return header.clone();
  }

  /**
   * Plaintext bytes the next chunk takes: a chunk that is not the last must hold exactly this many, the last one
   * at most this many (zero is allowed, for an empty file).
   */
  public int nextPlaintextSize() {
    return nextIndex == 0 ? FIRST_PLAINTEXT_SEGMENT_SIZE : PLAINTEXT_SEGMENT_SIZE;
  }

  /**
   * Encrypts {@code plaintext}'s remaining bytes as the next chunk into {@code ciphertext} (16 bytes more: the
   * tag). Both buffers' positions advance.
   *
   * @param last whether this chunk ends the file; no chunk may follow it
   * @throws IllegalArgumentException when the chunk has the wrong size or {@code ciphertext} too little room
   * @throws IllegalStateException after the last chunk
   */
  public void encryptNext(ByteBuffer plaintext, boolean last, ByteBuffer ciphertext) {
    if (finished) {
      throw new IllegalStateException("the last chunk was already written");
    }
    int size = plaintext.remaining();
    int expected = nextPlaintextSize();
    if (last ? size > expected : size != expected) {
      throw new IllegalArgumentException("chunk " + nextIndex + " holds " + size + " plaintext bytes; a "
          + (last ? "final chunk holds at most " : "chunk that is not the last holds exactly ") + expected);
    }
    if (ciphertext.remaining() < size + TAG_SIZE) {
      throw new IllegalArgumentException("ciphertext buffer holds " + ciphertext.remaining() + " bytes; chunk "
          + nextIndex + " needs " + (size + TAG_SIZE));
    }
    try {
      encrypter.encryptSegment(plaintext, last, ciphertext);
    } catch (GeneralSecurityException e) {
      throw new CleanroomException(ErrorCode.INTERNAL, "chunk " + nextIndex + " could not be encrypted", e);
    }
    nextIndex++;
    finished = last;
  }
}
