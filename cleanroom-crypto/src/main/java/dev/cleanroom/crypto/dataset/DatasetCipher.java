package dev.cleanroom.crypto.dataset;

import com.google.crypto.tink.subtle.AesGcmHkdfStreaming;
import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.ErrorCode;
import dev.cleanroom.crypto.Hashes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Objects;

/**
 * The dataset encryption format: Tink's streaming AEAD AES-GCM-HKDF with HKDF-SHA256, AES-256 per-file keys and
 * 1 MiB ciphertext segments ("chunks"). The dataset id is the associated data. {@code docs/dataset-format.md}
 * describes the bytes precisely enough to decrypt without this code.
 *
 * <p>Security guarantees: confidentiality and integrity of the whole file under the data key. Each file gets its
 * own AES key, derived from the data key, a random salt in the header and the dataset id. Each segment's nonce
 * holds its index and a last-segment flag, so a reader detects segments that were modified, reordered, dropped
 * (including whole trailing segments), duplicated, or taken from another file or dataset, and a file decrypted
 * under the wrong dataset id or key. GCM cannot say which of these happened, and neither can this class. Nothing
 * hides the plaintext length (ciphertext = plaintext + 40 + 16 bytes per segment).
 *
 * <p>Stateless and thread-safe; both operations work in constant memory (about two segments) for any size.
 */
public final class DatasetCipher {
  /** A description of the format for manifests and documentation. */
  public static final String FORMAT = "AES256-GCM-HKDF-SHA256, 1 MiB segments (Tink streaming AEAD)";

  /** Size of every ciphertext segment except the last; the header and segment 0 together also fill one. */
  public static final int CIPHERTEXT_SEGMENT_SIZE = 1 << 20;

  /** AES-GCM tag at the end of every segment. */
  public static final int TAG_SIZE = 16;

  /** Header: one length byte (40), a 32-byte HKDF salt and a 7-byte nonce prefix. */
  public static final int HEADER_SIZE = 1 + 32 + 7;

  /** Plaintext bytes in every full segment after the first. */
  public static final int PLAINTEXT_SEGMENT_SIZE = CIPHERTEXT_SEGMENT_SIZE - TAG_SIZE;

  /** Plaintext bytes in a full first segment, which shares its 1 MiB with the header. */
  public static final int FIRST_PLAINTEXT_SEGMENT_SIZE = CIPHERTEXT_SEGMENT_SIZE - HEADER_SIZE - TAG_SIZE;

  private static final String HKDF_ALGORITHM = "HmacSha256";
  private static final int DERIVED_KEY_SIZE = 32;

  private DatasetCipher() {}

  /**
   * Encrypts everything {@code plaintext} yields into {@code ciphertext}, streaming. Neither stream is closed;
   * {@code ciphertext} is flushed. If reading or writing fails, what was written has no final segment and will
   * not decrypt; delete it.
   *
   * @param datasetId the dataset's id, e.g. {@code offers/customers@<uuid>}; bound to every segment
   * @throws IOException when reading or writing fails
   */
  public static EncryptionSummary encrypt(
      DataKey key, String datasetId, InputStream plaintext, OutputStream ciphertext) throws IOException {
    Objects.requireNonNull(plaintext, "plaintext");
    Objects.requireNonNull(ciphertext, "ciphertext");
    DatasetSegmentEncrypter encrypter = DatasetSegmentEncrypter.start(key, datasetId);
    HashingOutputStream sink = new HashingOutputStream(ciphertext);
    sink.write(encrypter.header());
    // One chunk of plaintext plus one byte of look-ahead, read straight into the buffer the cipher reads: the
    // look-ahead says whether the chunk is the last, so an input ending on a chunk boundary ends with a full
    // final chunk (as Tink's own streams write it). A chunk marked last is only written once the input is
    // exhausted, so a read or write failure leaves a file without a final chunk, which never decrypts.
    byte[] chunk = new byte[PLAINTEXT_SEGMENT_SIZE + 1];
    ByteBuffer encrypted = ByteBuffer.allocate(CIPHERTEXT_SEGMENT_SIZE);
    long plaintextBytes = 0;
    int buffered = 0;
    boolean last = false;
    while (!last) {
      int size = encrypter.nextPlaintextSize();
      buffered += plaintext.readNBytes(chunk, buffered, size + 1 - buffered);
      last = buffered <= size;
      int chunkSize = last ? buffered : size;
      encrypted.clear();
      encrypter.encryptNext(ByteBuffer.wrap(chunk, 0, chunkSize), last, encrypted);
      sink.write(encrypted.array(), 0, encrypted.position());
      plaintextBytes += chunkSize;
      if (!last) {
        chunk[0] = chunk[size];
        buffered = 1;
      }
    }
    sink.flush();
    long ciphertextBytes = sink.count();
    return new EncryptionSummary(
        plaintextBytes, ciphertextBytes, Hashes.hex(sink.digest()),
        DatasetSegmentDecrypter.segmentCount(ciphertextBytes));
  }

  /**
   * A stream of the plaintext of {@code ciphertext}, decrypted and authenticated one segment at a time. Any
   * integrity failure throws {@link DatasetIntegrityException} naming the dataset and the segment. Bytes are
   * released per segment before the end of the file is seen, so only a read that reaches end of stream without
   * an exception proves the whole file authentic: a consumer must discard what it read if a later read throws.
   * Closing the returned stream closes {@code ciphertext}.
   */
  public static InputStream decrypting(DataKey key, String datasetId, InputStream ciphertext) {
    Objects.requireNonNull(ciphertext, "ciphertext");
    Objects.requireNonNull(key, "key");
    associatedData(datasetId);
    return new SegmentDecryptingInputStream(ciphertext, key, datasetId);
  }

  /** The ciphertext size for {@code plaintextBytes} of plaintext, header included. */
  public static long ciphertextSize(long plaintextBytes) {
    if (plaintextBytes < 0) {
      throw new IllegalArgumentException("plaintextBytes must be non-negative");
    }
    if (plaintextBytes <= FIRST_PLAINTEXT_SEGMENT_SIZE) {
      return HEADER_SIZE + plaintextBytes + TAG_SIZE;
    }
    long rest = plaintextBytes - FIRST_PLAINTEXT_SEGMENT_SIZE;
    long laterSegments = (rest + PLAINTEXT_SEGMENT_SIZE - 1) / PLAINTEXT_SEGMENT_SIZE;
    return HEADER_SIZE + plaintextBytes + TAG_SIZE * (1 + laterSegments);
  }

  static AesGcmHkdfStreaming streamingAead(DataKey key) {
    Objects.requireNonNull(key, "key");
    byte[] raw = key.rawBytes();
    try {
      // firstSegmentOffset 0: the same layout Tink's keyed AES256_GCM_HKDF_1MB produces.
      return new AesGcmHkdfStreaming(raw, HKDF_ALGORITHM, DERIVED_KEY_SIZE, CIPHERTEXT_SEGMENT_SIZE, 0);
    } catch (GeneralSecurityException e) {
      throw new CleanroomException(ErrorCode.INTERNAL, "streaming AEAD parameters rejected", e);
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  static byte[] associatedData(String datasetId) {
    Objects.requireNonNull(datasetId, "datasetId");
    if (datasetId.isBlank()) {
      throw CleanroomException.invalid("dataset id must not be blank: it is bound into the encryption");
    }
    return datasetId.getBytes(StandardCharsets.UTF_8);
  }
}
