package dev.cleanroom.crypto.dataset;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.SplittableRandom;

/** Small helpers shared by the dataset tests: in-memory encryption and the byte ranges of segments. */
final class DatasetFiles {
  static final int SEGMENT = DatasetCipher.CIPHERTEXT_SEGMENT_SIZE;

  private DatasetFiles() {}

  static byte[] randomBytes(int length, long seed) {
    byte[] bytes = new byte[length];
    new SplittableRandom(seed).nextBytes(bytes);
    return bytes;
  }

  static byte[] encrypt(DataKey key, String datasetId, byte[] plaintext) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      DatasetCipher.encrypt(key, datasetId, new ByteArrayInputStream(plaintext), out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static byte[] decrypt(DataKey key, String datasetId, byte[] ciphertext) throws IOException {
    try (InputStream in = DatasetCipher.decrypting(key, datasetId, new ByteArrayInputStream(ciphertext))) {
      return in.readAllBytes();
    }
  }

  /** Start of segment {@code index} in the file; segment 0 starts right after the header. */
  static int segmentStart(int index) {
    return index == 0 ? DatasetCipher.HEADER_SIZE : index * SEGMENT;
  }

  /** End (exclusive) of segment {@code index} in a file of {@code fileLength} bytes. */
  static int segmentEnd(int index, int fileLength) {
    return Math.min((index + 1) * SEGMENT, fileLength);
  }

  static byte[] segment(byte[] file, int index) {
    return Arrays.copyOfRange(file, segmentStart(index), segmentEnd(index, file.length));
  }

  static byte[] withByteFlipped(byte[] file, int position) {
    byte[] copy = file.clone();
    copy[position] ^= 0x01;
    return copy;
  }
}
