package dev.cleanroom.crypto.dataset;

import static dev.cleanroom.crypto.dataset.DatasetFiles.SEGMENT;
import static dev.cleanroom.crypto.dataset.DatasetFiles.decrypt;
import static dev.cleanroom.crypto.dataset.DatasetFiles.encrypt;
import static dev.cleanroom.crypto.dataset.DatasetFiles.randomBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.crypto.Hashes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DatasetCipherTest {
  private static final String DATASET = "offers/customers@6f1c1f0e-8d1e-4b43-9a59-2f4c1f8b6b11";

  private final DataKey key = DataKey.generate(new SecureRandom());

  @Test
  void roundTrip_empty_isOneTagOnlySegment() throws IOException {
    byte[] ciphertext = encrypt(key, DATASET, new byte[0]);
    assertThat(ciphertext).hasSize(DatasetCipher.HEADER_SIZE + DatasetCipher.TAG_SIZE);
    assertThat(decrypt(key, DATASET, ciphertext)).isEmpty();
  }

  @Test
  void roundTrip_oneByte_decryptsToIt() throws IOException {
    byte[] ciphertext = encrypt(key, DATASET, new byte[] {42});
    assertThat(ciphertext).hasSize(DatasetCipher.HEADER_SIZE + 1 + DatasetCipher.TAG_SIZE);
    assertThat(decrypt(key, DATASET, ciphertext)).containsExactly(42);
  }

  @Test
  void roundTrip_exactlyOneSegment_fillsOneMebibyte() throws IOException {
    byte[] plaintext = randomBytes(DatasetCipher.FIRST_PLAINTEXT_SEGMENT_SIZE, 1);
    byte[] ciphertext = encrypt(key, DATASET, plaintext);
    assertThat(ciphertext).hasSize(SEGMENT);
    assertThat(decrypt(key, DATASET, ciphertext)).isEqualTo(plaintext);
  }

  @Test
  void roundTrip_oneSegmentPlusOneByte_addsASecondSegment() throws IOException {
    byte[] plaintext = randomBytes(DatasetCipher.FIRST_PLAINTEXT_SEGMENT_SIZE + 1, 2);
    byte[] ciphertext = encrypt(key, DATASET, plaintext);
    assertThat(ciphertext).hasSize(SEGMENT + 1 + DatasetCipher.TAG_SIZE);
    assertThat(decrypt(key, DATASET, ciphertext)).isEqualTo(plaintext);
  }

  @Test
  void roundTrip_severalMebibytes_decryptsByteForByte() throws IOException {
    byte[] plaintext = randomBytes(5 * SEGMENT + 12_345, 3);
    byte[] ciphertext = encrypt(key, DATASET, plaintext);
    assertThat(decrypt(key, DATASET, ciphertext)).isEqualTo(plaintext);
  }

  @Test
  void decrypting_singleByteReads_matchBulkReads() throws IOException {
    byte[] plaintext = randomBytes(SEGMENT + 100, 4);
    byte[] ciphertext = encrypt(key, DATASET, plaintext);
    ByteArrayOutputStream collected = new ByteArrayOutputStream();
    try (InputStream in = DatasetCipher.decrypting(key, DATASET, new ByteArrayInputStream(ciphertext))) {
      for (int b = in.read(); b != -1; b = in.read()) {
        collected.write(b);
      }
      assertThat(in.read()).isEqualTo(-1);
    }
    assertThat(collected.toByteArray()).isEqualTo(plaintext);
  }

  @Test
  void encrypt_summary_describesTheCiphertextWritten() throws IOException {
    byte[] plaintext = randomBytes(3 * SEGMENT, 5);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    EncryptionSummary summary = DatasetCipher.encrypt(key, DATASET, new ByteArrayInputStream(plaintext), out);
    byte[] ciphertext = out.toByteArray();
    assertThat(summary.plaintextBytes()).isEqualTo(plaintext.length);
    assertThat(summary.ciphertextBytes()).isEqualTo(ciphertext.length);
    assertThat(summary.ciphertextBytes()).isEqualTo(DatasetCipher.ciphertextSize(plaintext.length));
    assertThat(summary.ciphertextSha256()).isEqualTo(Hashes.sha256Hex(ciphertext));
    assertThat(summary.segmentCount()).isEqualTo(4);
  }

  @Test
  void encrypt_segmentCount_followsTheSegmentBoundaries() throws IOException {
    assertThat(summaryFor(0).segmentCount()).isEqualTo(1);
    assertThat(summaryFor(DatasetCipher.FIRST_PLAINTEXT_SEGMENT_SIZE).segmentCount()).isEqualTo(1);
    assertThat(summaryFor(DatasetCipher.FIRST_PLAINTEXT_SEGMENT_SIZE + 1).segmentCount()).isEqualTo(2);
    int twoFull = DatasetCipher.FIRST_PLAINTEXT_SEGMENT_SIZE + DatasetCipher.PLAINTEXT_SEGMENT_SIZE;
    assertThat(summaryFor(twoFull).segmentCount()).isEqualTo(2);
    assertThat(summaryFor(twoFull).ciphertextBytes()).isEqualTo(2L * SEGMENT);
    assertThat(summaryFor(twoFull + 1).segmentCount()).isEqualTo(3);
  }

  @Test
  void encrypt_sameInputTwice_givesUnrelatedCiphertexts() {
    byte[] plaintext = randomBytes(1000, 6);
    byte[] first = encrypt(key, DATASET, plaintext);
    byte[] second = encrypt(key, DATASET, plaintext);
    assertThat(first).isNotEqualTo(second);
    // A fresh salt and nonce prefix per file: the headers differ after the length byte.
    assertThat(first[0]).isEqualTo(second[0]).isEqualTo((byte) DatasetCipher.HEADER_SIZE);
  }

  @Test
  void encrypt_leavesTheCallersStreamsOpen() throws IOException {
    ClosingTrackingOutputStream out = new ClosingTrackingOutputStream();
    DatasetCipher.encrypt(key, DATASET, new ByteArrayInputStream(new byte[10]), out);
    assertThat(out.closed).isFalse();
    out.write(1);
    assertThat(out.bytes.size()).isEqualTo(DatasetCipher.ciphertextSize(10) + 1);
  }

  @Test
  void encrypt_plaintextFailsMidway_leavesAFileThatDoesNotDecrypt() {
    byte[] plaintext = randomBytes(3 * SEGMENT, 8);
    InputStream failing = new SequenceInputStream(
        new ByteArrayInputStream(plaintext, 0, 2 * SEGMENT), new InputStream() {
          @Override
          public int read() throws IOException {
            throw new IOException("disk went away");
          }
        });
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThatThrownBy(() -> DatasetCipher.encrypt(key, DATASET, failing, out))
        .isInstanceOf(IOException.class)
        .hasMessage("disk went away");
    assertThat(out.size()).isGreaterThan(SEGMENT);
    assertThatThrownBy(() -> decrypt(key, DATASET, out.toByteArray()))
        .isInstanceOf(DatasetIntegrityException.class)
        .hasMessageContaining("the final chunk");
  }

  @Test
  void encrypt_blankDatasetId_isInvalid() {
    assertThatThrownBy(() -> encrypt(key, " ", new byte[1]))
        .isInstanceOf(CleanroomException.class)
        .hasMessageContaining("dataset id must not be blank");
  }

  @Test
  void ciphertextSize_matchesTheFormula() {
    assertThat(DatasetCipher.ciphertextSize(0)).isEqualTo(56);
    assertThat(DatasetCipher.ciphertextSize(DatasetCipher.FIRST_PLAINTEXT_SEGMENT_SIZE)).isEqualTo(SEGMENT);
    long tenThousandSegments =
        DatasetCipher.FIRST_PLAINTEXT_SEGMENT_SIZE + 9_999L * DatasetCipher.PLAINTEXT_SEGMENT_SIZE;
    assertThat(DatasetCipher.ciphertextSize(tenThousandSegments)).isEqualTo(10_000L * SEGMENT);
    assertThat(DatasetCipher.ciphertextSize(tenThousandSegments + 1)).isEqualTo(10_000L * SEGMENT + 17);
  }

  /**
   * 64 MiB generated on the fly, encrypted into a pipe on one thread and decrypted from it on another: neither
   * side ever holds the data, which only works if both directions stream.
   */
  @Test
  void encrypt_64MebibytesThroughAPipe_streamsBothWays() throws Exception {
    long size = 64L * 1024 * 1024;
    GeneratedInputStream source = new GeneratedInputStream(size, 7);
    PipedOutputStream pipeIn = new PipedOutputStream();
    PipedInputStream pipeOut = new PipedInputStream(pipeIn, SEGMENT);
    CompletableFuture<EncryptionSummary> encryption = CompletableFuture.supplyAsync(() -> {
      try (pipeIn) {
        return DatasetCipher.encrypt(key, DATASET, source, pipeIn);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    MessageDigest decrypted = Hashes.newSha256();
    long decryptedBytes = 0;
    try (InputStream in = DatasetCipher.decrypting(key, DATASET, pipeOut)) {
      byte[] buffer = new byte[64 * 1024];
      for (int n = in.read(buffer); n != -1; n = in.read(buffer)) {
        decrypted.update(buffer, 0, n);
        decryptedBytes += n;
      }
    }
    EncryptionSummary summary = encryption.get(2, TimeUnit.MINUTES);
    assertThat(summary.plaintextBytes()).isEqualTo(size);
    assertThat(summary.ciphertextBytes()).isEqualTo(DatasetCipher.ciphertextSize(size));
    assertThat(summary.segmentCount()).isEqualTo(65);
    assertThat(decryptedBytes).isEqualTo(size);
    assertThat(decrypted.digest()).isEqualTo(source.digest());
  }

  private EncryptionSummary summaryFor(int plaintextLength) throws IOException {
    return DatasetCipher.encrypt(
        key, DATASET, new ByteArrayInputStream(new byte[plaintextLength]), OutputStream.nullOutputStream());
  }

  /** Yields {@code size} pseudo-random bytes without storing them, hashing what it yields. */
  private static final class GeneratedInputStream extends InputStream {
    private final SplittableRandom random;
    private final MessageDigest digest = Hashes.newSha256();
    private long remaining;

    GeneratedInputStream(long size, long seed) {
      this.remaining = size;
      this.random = new SplittableRandom(seed);
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] destination, int offset, int length) {
      if (remaining == 0) {
        return -1;
      }
      int count = (int) Math.min(length, remaining);
      byte[] chunk = new byte[count];
      random.nextBytes(chunk);
      System.arraycopy(chunk, 0, destination, offset, count);
      digest.update(chunk);
      remaining -= count;
      return count;
    }

    byte[] digest() {
      return digest.digest();
    }
  }

  private static final class ClosingTrackingOutputStream extends OutputStream {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    boolean closed;

    @Override
    public void write(int b) {
      bytes.write(b);
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
