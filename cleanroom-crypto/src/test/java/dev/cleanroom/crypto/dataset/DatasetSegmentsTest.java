package dev.cleanroom.crypto.dataset;

import static dev.cleanroom.crypto.dataset.DatasetFiles.decrypt;
import static dev.cleanroom.crypto.dataset.DatasetFiles.encrypt;
import static dev.cleanroom.crypto.dataset.DatasetFiles.randomBytes;
import static dev.cleanroom.crypto.dataset.DatasetFiles.segment;
import static dev.cleanroom.crypto.dataset.DatasetFiles.segmentEnd;
import static dev.cleanroom.crypto.dataset.DatasetFiles.segmentStart;
import static dev.cleanroom.crypto.dataset.DatasetFiles.withByteFlipped;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Random access to chunks: layout, out-of-order and parallel decryption, and every misuse refused. */
class DatasetSegmentsTest {
  private static final String DATASET = "offers/purchases@1d7c54a2-3c8b-4f0e-9a71-5b2e6f3d9c10";
  /** Five chunks: 0 to 3 full, 4 partial. */
  private static final int PLAINTEXT_LENGTH =
      DatasetCipher.FIRST_PLAINTEXT_SEGMENT_SIZE + 3 * DatasetCipher.PLAINTEXT_SEGMENT_SIZE + 77;

  private static DataKey key;
  private static byte[] plaintext;
  private static byte[] file;
  private static ExecutorService pool;

  @BeforeAll
  static void encryptOnce() {
    key = DataKey.generate(new SecureRandom());
    plaintext = randomBytes(PLAINTEXT_LENGTH, 21);
    file = encrypt(key, DATASET, plaintext);
    pool = Executors.newFixedThreadPool(3);
  }

  @AfterAll
  static void stopPool() {
    pool.shutdownNow();
  }

  @Test
  void layout_matchesTheFileTheStreamWrote() {
    assertThat(DatasetSegmentDecrypter.segmentCount(file.length)).isEqualTo(5);
    for (int index = 0; index < 5; index++) {
      assertThat(DatasetSegmentDecrypter.segmentStart(index)).isEqualTo(segmentStart(index));
      assertThat(DatasetSegmentDecrypter.segmentLength(index, file.length))
          .isEqualTo(segmentEnd(index, file.length) - segmentStart(index));
    }
    assertThatThrownBy(() -> DatasetSegmentDecrypter.segmentLength(5, file.length))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("chunk 5");
  }

  @Test
  void decrypt_chunksInParallelAndOutOfOrder_reassembleThePlaintext() throws Exception {
    List<Integer> order = new ArrayList<>(List.of(0, 1, 2, 3, 4));
    Collections.shuffle(order, new Random(3));
    byte[] reassembled = new byte[PLAINTEXT_LENGTH];
    List<Future<?>> done = new ArrayList<>();
    for (int index : order) {
      done.add(pool.submit(() -> {
        // One decrypter per task: they are not thread-safe.
        DatasetSegmentDecrypter decrypter = openDecrypter(file);
        int plaintextStart = index == 0 ? 0
            : DatasetCipher.FIRST_PLAINTEXT_SEGMENT_SIZE + (index - 1) * DatasetCipher.PLAINTEXT_SEGMENT_SIZE;
        ByteBuffer out = ByteBuffer.wrap(reassembled, plaintextStart, reassembled.length - plaintextStart);
        decrypter.decrypt(index, index == 4, chunkOf(file, index), out);
        return null;
      }));
    }
    for (Future<?> future : done) {
      future.get();
    }
    assertThat(reassembled).isEqualTo(plaintext);
  }

  @Test
  void decrypt_underAnotherIndex_throwsNamingThatChunk() throws IOException {
    DatasetSegmentDecrypter decrypter = openDecrypter(file);
    DatasetIntegrityException failure = catchThrowableOfType(DatasetIntegrityException.class,
        () -> decrypter.decrypt(2, false, chunkOf(file, 1), ByteBuffer.allocate(DatasetFiles.SEGMENT)));
    assertThat(failure.chunkIndex()).hasValue(2);
    assertThat(failure).hasMessageContaining(DATASET).hasMessageContaining("did not authenticate");
  }

  @Test
  void decrypt_lastChunkPassedAsNotLast_throws() throws IOException {
    DatasetSegmentDecrypter decrypter = openDecrypter(file);
    assertThatThrownBy(
        () -> decrypter.decrypt(4, false, chunkOf(file, 4), ByteBuffer.allocate(DatasetFiles.SEGMENT)))
        .isInstanceOf(DatasetIntegrityException.class).hasMessageContaining("chunk 4");
  }

  @Test
  void decrypt_middleChunkPassedAsLast_throws() throws IOException {
    // What a reader that trusted a file cut after chunk 2 would do: it must not authenticate.
    DatasetSegmentDecrypter decrypter = openDecrypter(file);
    assertThatThrownBy(
        () -> decrypter.decrypt(2, true, chunkOf(file, 2), ByteBuffer.allocate(DatasetFiles.SEGMENT)))
        .isInstanceOf(DatasetIntegrityException.class).hasMessageContaining("the final chunk");
  }

  @Test
  void decrypt_tamperedChunk_throwsAndLeavesNothingReadable() throws IOException {
    byte[] damaged = withByteFlipped(file, segmentStart(3) + 500);
    DatasetSegmentDecrypter decrypter = openDecrypter(damaged);
    ByteBuffer out = ByteBuffer.allocate(DatasetFiles.SEGMENT);
    assertThatThrownBy(() -> decrypter.decrypt(3, false, chunkOf(damaged, 3), out))
        .isInstanceOf(DatasetIntegrityException.class);
    assertThat(out.position()).isZero();
  }

  @Test
  void decrypt_chunkFromAnotherFileOfTheSameDataset_throws() throws IOException {
    byte[] otherFile = encrypt(key, DATASET, plaintext);
    DatasetSegmentDecrypter decrypter = openDecrypter(file);
    assertThatThrownBy(
        () -> decrypter.decrypt(1, false, chunkOf(otherFile, 1), ByteBuffer.allocate(DatasetFiles.SEGMENT)))
        .isInstanceOf(DatasetIntegrityException.class);
  }

  @Test
  void decrypt_chunkShorterThanItsTag_saysTruncated() throws IOException {
    DatasetSegmentDecrypter decrypter = openDecrypter(file);
    DatasetIntegrityException failure = catchThrowableOfType(DatasetIntegrityException.class,
        () -> decrypter.decrypt(4, true, ByteBuffer.wrap(new byte[9]), ByteBuffer.allocate(64)));
    assertThat(failure).hasMessageContaining("truncated");
  }

  @Test
  void open_headerCutShort_refusesNamingTheDataset() {
    DatasetIntegrityException failure = catchThrowableOfType(DatasetIntegrityException.class,
        () -> DatasetSegmentDecrypter.open(key, DATASET, Arrays.copyOf(file, 12)));
    assertThat(failure.chunkIndex()).isEmpty();
    assertThat(failure).hasMessageContaining(DATASET).hasMessageContaining("truncated inside its header");
  }

  @Test
  void open_wrongDatasetId_failsAtTheFirstChunk() throws IOException {
    DatasetSegmentDecrypter decrypter = DatasetSegmentDecrypter.open(
        key, "offers/customers@1d7c54a2-3c8b-4f0e-9a71-5b2e6f3d9c10", Arrays.copyOf(file, DatasetCipher.HEADER_SIZE));
    assertThatThrownBy(
        () -> decrypter.decrypt(0, false, chunkOf(file, 0), ByteBuffer.allocate(DatasetFiles.SEGMENT)))
        .isInstanceOf(DatasetIntegrityException.class);
  }

  @Test
  void encrypter_chunkByChunkFromOneBuffer_writesAFileTheStreamDecrypts() throws IOException {
    DatasetSegmentEncrypter encrypter = DatasetSegmentEncrypter.start(key, DATASET);
    ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(DatasetCipher.ciphertextSize(PLAINTEXT_LENGTH)));
    out.put(encrypter.header());
    int offset = 0;
    while (true) {
      int size = Math.min(encrypter.nextPlaintextSize(), PLAINTEXT_LENGTH - offset);
      boolean last = offset + size == PLAINTEXT_LENGTH;
      encrypter.encryptNext(ByteBuffer.wrap(plaintext, offset, size), last, out);
      offset += size;
      if (last) {
        break;
      }
    }
    assertThat(out.hasRemaining()).isFalse();
    assertThat(decrypt(key, DATASET, out.array())).isEqualTo(plaintext);
  }

  @Test
  void encrypter_shortChunkNotMarkedLast_isRefused() {
    DatasetSegmentEncrypter encrypter = DatasetSegmentEncrypter.start(key, DATASET);
    assertThatThrownBy(() -> encrypter.encryptNext(
        ByteBuffer.allocate(100), false, ByteBuffer.allocate(DatasetFiles.SEGMENT)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exactly");
  }

  @Test
  void encrypter_afterTheLastChunk_refusesMore() {
    DatasetSegmentEncrypter encrypter = DatasetSegmentEncrypter.start(key, DATASET);
    encrypter.encryptNext(ByteBuffer.allocate(10), true, ByteBuffer.allocate(64));
    assertThatThrownBy(() -> encrypter.encryptNext(ByteBuffer.allocate(10), true, ByteBuffer.allocate(64)))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void encrypter_twoFiles_neverShareAHeader() {
    assertThat(DatasetSegmentEncrypter.start(key, DATASET).header())
        .isNotEqualTo(DatasetSegmentEncrypter.start(key, DATASET).header());
  }

  private static DatasetSegmentDecrypter openDecrypter(byte[] bytes) throws DatasetIntegrityException {
    return DatasetSegmentDecrypter.open(key, DATASET, Arrays.copyOf(bytes, DatasetCipher.HEADER_SIZE));
  }

  private static ByteBuffer chunkOf(byte[] bytes, int index) {
    return ByteBuffer.wrap(segment(bytes, index));
  }
}
