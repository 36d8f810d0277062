package dev.cleanroom.crypto.dataset;

import static dev.cleanroom.crypto.dataset.DatasetFiles.SEGMENT;
import static dev.cleanroom.crypto.dataset.DatasetFiles.decrypt;
import static dev.cleanroom.crypto.dataset.DatasetFiles.encrypt;
import static dev.cleanroom.crypto.dataset.DatasetFiles.randomBytes;
import static dev.cleanroom.crypto.dataset.DatasetFiles.segment;
import static dev.cleanroom.crypto.dataset.DatasetFiles.segmentStart;
import static dev.cleanroom.crypto.dataset.DatasetFiles.withByteFlipped;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.ErrorCode;
import dev.cleanroom.crypto.Hashes;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every way of damaging a dataset file must fail to decrypt, and say where. */
class DatasetCipherIntegrityTest {
  private static final String DATASET = "offers/customers@6f1c1f0e-8d1e-4b43-9a59-2f4c1f8b6b11";
  private static final String OTHER_DATASET = "offers/customers@0b5e2d43-51d7-4d3c-8a8f-0f6d3a3b9c72";
  /** Four segments: 0, 1 and 2 full, 3 partial. */
  private static final int PLAINTEXT_LENGTH =
      DatasetCipher.FIRST_PLAINTEXT_SEGMENT_SIZE + 2 * DatasetCipher.PLAINTEXT_SEGMENT_SIZE + 1_000;

  private static DataKey key;
  private static byte[] plaintext;
  private static byte[] file;
  private static byte[] otherDatasetFile;

  @BeforeAll
  static void encryptOnce() {
    key = DataKey.generate(new SecureRandom());
    plaintext = randomBytes(PLAINTEXT_LENGTH, 11);
    file = encrypt(key, DATASET, plaintext);
    otherDatasetFile = encrypt(key, OTHER_DATASET, randomBytes(PLAINTEXT_LENGTH, 12));
    assertThat(file).hasSize(3 * SEGMENT + 1_000 + DatasetCipher.TAG_SIZE);
  }

  @Test
  void decrypt_untouched_succeeds() throws IOException {
    assertThat(decrypt(key, DATASET, file)).isEqualTo(plaintext);
  }

  @Test
  void decrypt_headerLengthByteChanged_saysNotADatasetFile() {
    DatasetIntegrityException failure = failureOf(withByteFlipped(file, 0));
    assertThat(failure.chunkIndex()).isEmpty();
    assertThat(failure).hasMessageContaining("not a cleanroom dataset file").hasMessageContaining(DATASET);
  }

  @Test
  void decrypt_saltTampered_throwsAtChunk0() {
    assertFailsAtChunk(withByteFlipped(file, 5), 0);
  }

  @Test
  void decrypt_noncePrefixTampered_throwsAtChunk0() {
    assertFailsAtChunk(withByteFlipped(file, DatasetCipher.HEADER_SIZE - 1), 0);
  }

  @Test
  void decrypt_middleSegmentTampered_throwsAtThatChunk() {
    assertFailsAtChunk(withByteFlipped(file, segmentStart(2) + 12_345), 2);
  }

  @Test
  void decrypt_lastSegmentTampered_throwsAtLastChunk() {
    assertFailsAtChunk(withByteFlipped(file, file.length - 1), 3);
  }

  @Test
  void decrypt_chunkReordered_throws() {
    byte[] swapped = file.clone();
    System.arraycopy(segment(file, 2), 0, swapped, segmentStart(1), SEGMENT);
    System.arraycopy(segment(file, 1), 0, swapped, segmentStart(2), SEGMENT);
    assertFailsAtChunk(swapped, 1);
  }

  @Test
  void decrypt_chunkDuplicated_throws() {
    byte[] duplicated = file.clone();
    System.arraycopy(segment(file, 1), 0, duplicated, segmentStart(2), SEGMENT);
    assertFailsAtChunk(duplicated, 2);
  }

  @Test
  void decrypt_lastSegmentDropped_throwsAtNewLastChunk() {
    // The file now ends exactly at a segment boundary; segment 2 was sealed as "not last".
    byte[] truncated = Arrays.copyOf(file, 3 * SEGMENT);
    DatasetIntegrityException failure = assertFailsAtChunk(truncated, 2);
    assertThat(failure).hasMessageContaining("the final chunk");
  }

  @Test
  void decrypt_lastTwoSegmentsDropped_throws() {
    assertFailsAtChunk(Arrays.copyOf(file, 2 * SEGMENT), 1);
  }

  @Test
  void decrypt_truncatedMidSegment_throws() {
    assertFailsAtChunk(Arrays.copyOf(file, file.length - 100), 3);
    assertFailsAtChunk(Arrays.copyOf(file, 2 * SEGMENT + 500_000), 2);
  }

  @Test
  void decrypt_truncatedInsideTag_saysTruncated() {
    DatasetIntegrityException failure = assertFailsAtChunk(Arrays.copyOf(file, 3 * SEGMENT + 10), 3);
    assertThat(failure).hasMessageContaining("truncated");
  }

  @Test
  void decrypt_bytesAppended_throws() {
    byte[] longer = Arrays.copyOf(file, file.length + 1);
    assertFailsAtChunk(longer, 3);
  }

  @Test
  void decrypt_segmentFromAnotherDatasetSameKey_throws() {
    byte[] spliced = file.clone();
    System.arraycopy(segment(otherDatasetFile, 1), 0, spliced, segmentStart(1), SEGMENT);
    assertFailsAtChunk(spliced, 1);
  }

  @Test
  void decrypt_segmentFromAnotherFileOfSameDataset_throws() {
    byte[] sameDatasetAgain = encrypt(key, DATASET, plaintext);
    byte[] spliced = file.clone();
    System.arraycopy(segment(sameDatasetAgain, 2), 0, spliced, segmentStart(2), SEGMENT);
    assertFailsAtChunk(spliced, 2);
  }

  @Test
  void decrypt_underAnotherDatasetId_throwsAtChunk0() {
    DatasetIntegrityException failure =
        catchThrowableOfType(DatasetIntegrityException.class, () -> decrypt(key, OTHER_DATASET, file));
    assertThat(failure.chunkIndex()).isEqualTo(OptionalLong.of(0));
    assertThat(failure.datasetId()).isEqualTo(OTHER_DATASET);
  }

  @Test
  void decrypt_wrongKey_throwsAtChunk0() {
    DataKey wrong = DataKey.generate(new SecureRandom());
    DatasetIntegrityException failure =
        catchThrowableOfType(DatasetIntegrityException.class, () -> decrypt(wrong, DATASET, file));
    assertThat(failure.chunkIndex()).isEqualTo(OptionalLong.of(0));
    assertThat(failure).hasMessageContaining("key");
  }

  @Test
  void decrypt_emptyFile_saysEmpty() {
    DatasetIntegrityException failure = failureOf(new byte[0]);
    assertThat(failure.chunkIndex()).isEmpty();
    assertThat(failure).hasMessageContaining("the file is empty, not a cleanroom dataset file");
  }

  @Test
  void decrypt_truncatedInsideHeader_saysHowMuchHeaderThereIs() {
    DatasetIntegrityException failure = failureOf(Arrays.copyOf(file, 20));
    assertThat(failure.chunkIndex()).isEmpty();
    assertThat(failure).hasMessageContaining("truncated inside its header (20 of 40 bytes)");
  }

  @Test
  void decrypt_headerOnly_throwsAtChunk0() {
    DatasetIntegrityException failure =
        assertFailsAtChunk(Arrays.copyOf(file, DatasetCipher.HEADER_SIZE), 0);
    assertThat(failure).hasMessageContaining("before its 16-byte tag");
  }

  @Test
  void decrypt_failureMessage_namesDatasetAndChunkAndCausesButNoSecrets() {
    DatasetIntegrityException failure = failureOf(withByteFlipped(file, segmentStart(2) + 7));
    String keyHex = Hashes.hex(key.exportBytes().toByteArray());
    assertThat(failure.getMessage())
        .startsWith("dataset '" + DATASET + "', chunk 2: ")
        .contains("tampered with", "reordered or truncated", "another dataset", "key or dataset id is wrong")
        .contains("cannot tell these apart")
        .contains("file offset " + 2 * SEGMENT)
        .doesNotContain(keyHex)
        .doesNotContain(key.exportBase64());
  }

  @Test
  void decrypt_afterFailure_keepsFailing() throws IOException {
    byte[] damaged = withByteFlipped(file, segmentStart(1) + 1);
    try (InputStream in = DatasetCipher.decrypting(key, DATASET, new ByteArrayInputStream(damaged))) {
      byte[] buffer = new byte[DatasetCipher.FIRST_PLAINTEXT_SEGMENT_SIZE];
      assertThat(in.readNBytes(buffer, 0, buffer.length)).isEqualTo(buffer.length);
      DatasetIntegrityException first = catchThrowableOfType(DatasetIntegrityException.class, in::read);
      DatasetIntegrityException second = catchThrowableOfType(DatasetIntegrityException.class, in::read);
      assertThat(first.chunkIndex()).isEqualTo(OptionalLong.of(1));
      assertThat(second).isSameAs(first);
    }
  }

  @Test
  void toCleanroomException_carriesIntegrityCategory() {
    DatasetIntegrityException failure = failureOf(withByteFlipped(file, file.length - 1));
    CleanroomException converted = failure.toCleanroomException();
    assertThat(converted.code()).isEqualTo(ErrorCode.INTEGRITY);
    assertThat(converted).hasMessage(failure.getMessage()).hasCause(failure);
  }

  private static DatasetIntegrityException assertFailsAtChunk(byte[] damaged, long chunk) {
    DatasetIntegrityException failure = failureOf(damaged);
    assertThat(failure.chunkIndex()).isEqualTo(OptionalLong.of(chunk));
    assertThat(failure.datasetId()).isEqualTo(DATASET);
    assertThat(failure).hasMessageStartingWith("dataset '" + DATASET + "', chunk " + chunk + ": ");
    return failure;
  }

  private static DatasetIntegrityException failureOf(byte[] damaged) {
    DatasetIntegrityException failure =
        catchThrowableOfType(DatasetIntegrityException.class, () -> decrypt(key, DATASET, damaged));
    assertThat(failure).as("decrypting a damaged file must throw").isNotNull();
    return failure;
  }
}
