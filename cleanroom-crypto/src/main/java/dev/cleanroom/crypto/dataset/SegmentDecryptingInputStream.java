package dev.cleanroom.crypto.dataset;

import static dev.cleanroom.crypto.dataset.DatasetCipher.CIPHERTEXT_SEGMENT_SIZE;
import static dev.cleanroom.crypto.dataset.DatasetCipher.HEADER_SIZE;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Reads the header, then one ciphertext segment plus one byte of look-ahead at a time, so that it knows whether
 * the segment is the last one, and asks a {@link DatasetSegmentDecrypter} to authenticate it with its index and
 * that flag. Not thread-safe, as usual for streams. After the first failure every read throws the same exception.
 */
final class SegmentDecryptingInputStream extends InputStream {
  private final InputStream ciphertext;
  private final DataKey key;
  private final String datasetId;
  private DatasetSegmentDecrypter decrypter;

  /** One segment plus the first byte of the next one. */
  private final byte[] segment = new byte[CIPHERTEXT_SEGMENT_SIZE + 1];
  private final ByteBuffer plaintext = ByteBuffer.allocate(CIPHERTEXT_SEGMENT_SIZE);

  private int buffered;
  private long segmentIndex;
  private boolean lastSegmentDone;
  private DatasetIntegrityException failure;

  SegmentDecryptingInputStream(InputStream ciphertext, DataKey key, String datasetId) {
    this.ciphertext = Objects.requireNonNull(ciphertext, "ciphertext");
    this.key = Objects.requireNonNull(key, "key");
    this.datasetId = Objects.requireNonNull(datasetId, "datasetId");
    plaintext.limit(0);
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int read = read(one, 0, 1);
    return read == -1 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] destination, int offset, int length) throws IOException {
    Objects.checkFromIndexSize(offset, length, destination.length);
    if (failure != null) {
      throw failure;
    }
    if (length == 0) {
      return 0;
    }
    try {
      if (decrypter == null) {
        decrypter = DatasetSegmentDecrypter.open(key, datasetId, ciphertext.readNBytes(HEADER_SIZE));
      }
      while (!plaintext.hasRemaining()) {
        if (lastSegmentDone) {
          return -1;
        }
        loadNextSegment();
      }
    } catch (DatasetIntegrityException e) {
      failure = e;
      throw e;
    }
    int count = Math.min(length, plaintext.remaining());
    plaintext.get(destination, offset, count);
    return count;
  }

  @Override
  public int available() {
    return plaintext.remaining();
  }

  @Override
  public void close() throws IOException {
    ciphertext.close();
  }

  private void loadNextSegment() throws IOException {
    int fullSize = segmentIndex == 0 ? CIPHERTEXT_SEGMENT_SIZE - HEADER_SIZE : CIPHERTEXT_SEGMENT_SIZE;
    buffered += ciphertext.readNBytes(segment, buffered, fullSize + 1 - buffered);
    boolean last = buffered <= fullSize;
    int size = last ? buffered : fullSize;
    plaintext.clear();
    try {
      decrypter.decrypt(segmentIndex, last, ByteBuffer.wrap(segment, 0, size), plaintext);
    } finally {
      plaintext.flip();
    }
    if (last) {
      lastSegmentDone = true;
      buffered = 0;
    } else {
      segment[0] = segment[fullSize];
      buffered = 1;
    }
    segmentIndex++;
  }
}
