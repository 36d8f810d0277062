package dev.cleanroom.crypto.dataset;

import static dev.cleanroom.crypto.dataset.DatasetCipher.CIPHERTEXT_SEGMENT_SIZE;
import static dev.cleanroom.crypto.dataset.DatasetCipher.HEADER_SIZE;
import static dev.cleanroom.crypto.dataset.DatasetCipher.TAG_SIZE;

import com.google.crypto.tink.subtle.StreamSegmentDecrypter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Objects;

/**
 * Reads the header, then one ciphertext segment plus one byte of look-ahead at a time, so that it knows whether
 * the segment is the last one, and asks Tink's segment decrypter to authenticate it with its index and that flag.
 * Framing is ours so that failures can name the segment; all cryptography is Tink's. Not thread-safe, as usual
 * for streams. After the first failure every read throws the same exception.
 */
final class SegmentDecryptingInputStream extends InputStream {
  private static final String POSSIBLE_CAUSES =
      "the file was tampered with, its chunks were reordered or truncated, this chunk comes from another dataset"
          + " or file, or the key or dataset id is wrong (AES-GCM cannot tell these apart)."
          + " Discard any plaintext already read from this file";

  private final InputStream ciphertext;
  private final StreamSegmentDecrypter decrypter;
  private final String datasetId;
  private final byte[] associatedData;

  /** One segment plus the first byte of the next one. */
  private final byte[] segment = new byte[CIPHERTEXT_SEGMENT_SIZE + 1];
  /** Extra room beyond the plaintext size: some AES-GCM providers want the tag's size spare in the output. */
  private final ByteBuffer plaintext = ByteBuffer.allocate(CIPHERTEXT_SEGMENT_SIZE + TAG_SIZE);

  private int buffered;
  private long segmentIndex;
  private long segmentOffset = HEADER_SIZE;
  private boolean headerRead;
  private boolean lastSegmentDone;
  private DatasetIntegrityException failure;

  SegmentDecryptingInputStream(
      InputStream ciphertext, StreamSegmentDecrypter decrypter, String datasetId, byte[] associatedData) {
    this.ciphertext = Objects.requireNonNull(ciphertext, "ciphertext");
    this.decrypter = decrypter;
    this.datasetId = datasetId;
    this.associatedData = associatedData.clone();
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
    if (!headerRead) {
      readHeader();
    }
    while (!plaintext.hasRemaining()) {
      if (lastSegmentDone) {
        return -1;
      }
      loadNextSegment();
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

  private void readHeader() throws IOException {
    byte[] header = ciphertext.readNBytes(HEADER_SIZE);
    if (header.length < HEADER_SIZE) {
      throw fail(DatasetIntegrityException.header(datasetId, header.length == 0
          ? "the file is empty, not a cleanroom dataset file"
          : "the file is truncated inside its header (" + header.length + " of " + HEADER_SIZE
              + " bytes), or is not a cleanroom dataset file"));
    }
    if (header[0] != HEADER_SIZE) {
      throw fail(DatasetIntegrityException.header(datasetId, String.format(
          "not a cleanroom dataset file (%s): its first byte is 0x%02x where the header length 0x%02x belongs",
          DatasetCipher.FORMAT, header[0] & 0xff, HEADER_SIZE)));
    }
    try {
      decrypter.init(ByteBuffer.wrap(header), associatedData);
    } catch (GeneralSecurityException e) {
      throw fail(DatasetIntegrityException.header(datasetId, "the header was rejected: " + POSSIBLE_CAUSES));
    }
    headerRead = true;
  }

  private void loadNextSegment() throws IOException {
    int fullSize = segmentIndex == 0 ? CIPHERTEXT_SEGMENT_SIZE - HEADER_SIZE : CIPHERTEXT_SEGMENT_SIZE;
    buffered += ciphertext.readNBytes(segment, buffered, fullSize + 1 - buffered);
    boolean last = buffered <= fullSize;
    int size = last ? buffered : fullSize;
    if (segmentIndex > Integer.MAX_VALUE) {
      throw fail(DatasetIntegrityException.chunk(
          datasetId, segmentIndex, "more chunks than the format allows (2^31)", null));
    }
    if (size < TAG_SIZE) {
      throw fail(DatasetIntegrityException.chunk(datasetId, segmentIndex, String.format(
          "the file ends %d bytes into this chunk (file offset %d), before its %d-byte tag: it was truncated,"
              + " or bytes were removed. Discard any plaintext already read from this file",
          size, segmentOffset, TAG_SIZE), null));
    }
    plaintext.clear();
    try {
      decrypter.decryptSegment(ByteBuffer.wrap(segment, 0, size), (int) segmentIndex, last, plaintext);
    } catch (GeneralSecurityException e) {
      plaintext.clear().limit(0);
      throw fail(DatasetIntegrityException.chunk(datasetId, segmentIndex, String.format(
          "%s chunk at file offset %d (%d bytes) did not authenticate: %s",
          last ? "the final" : "a non-final", segmentOffset, size, POSSIBLE_CAUSES), e));
    }
    plaintext.flip();
    if (last) {
      lastSegmentDone = true;
      buffered = 0;
    } else {
      segment[0] = segment[fullSize];
      buffered = 1;
    }
    segmentOffset += size;
    segmentIndex++;
  }

  private DatasetIntegrityException fail(DatasetIntegrityException exception) {
    failure = exception;
    return exception;
  }
}
