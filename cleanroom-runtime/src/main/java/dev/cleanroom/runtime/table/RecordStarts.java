package dev.cleanroom.runtime.table;

import dev.cleanroom.crypto.dataset.DatasetCipher;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Watches table text stream past, as it is read, and records where the first record begins in each ciphertext
 * chunk's plaintext. This is what lets several workers parse one dataset chunk by chunk: a worker given chunk
 * {@code i} starts at the first record that begins in it and reads on into the next chunks until the first record
 * of a later chunk, so every record is parsed exactly once even though records cross chunk boundaries and a quoted
 * value may hold line feeds (a record begins after a line feed outside quotes, as {@link RecordBlocks} decides).
 *
 * <p>Not thread-safe; used by the thread that reads the stream.
 */
public final class RecordStarts extends FilterInputStream {
  private long[] starts = new long[16];
  private int chunks;
  private long offset;
  private long chunkEnd = DatasetCipher.FIRST_PLAINTEXT_SEGMENT_SIZE;
  private boolean inQuotes;
  private boolean atRecordStart = true;

  public RecordStarts(InputStream text) {
    super(text);
    starts[0] = -1;
    chunks = 1;
  }

  @Override
  public int read() throws IOException {
    int value = super.read();
    if (value >= 0) {
      observe(new byte[] {(byte) value}, 0, 1);
    }
    return value;
  }

  @Override
  public int read(byte[] buffer, int from, int length) throws IOException {
    int read = super.read(buffer, from, length);
    if (read > 0) {
      observe(buffer, from, read);
    }
    return read;
  }

  @Override
  public long skip(long count) {
    throw new UnsupportedOperationException("every byte must be seen");
  }

  private void observe(byte[] bytes, int from, int length) {
    for (int index = from; index < from + length; index++) {
      while (offset >= chunkEnd) {
        nextChunk();
      }
      if (atRecordStart && starts[chunks - 1] < 0) {
        starts[chunks - 1] = offset;
      }
      byte current = bytes[index];
      if (current == '"') {
        inQuotes = !inQuotes;
      }
      atRecordStart = current == '\n' && !inQuotes;
      offset++;
    }
  }

  private void nextChunk() {
    if (chunks == starts.length) {
      starts = Arrays.copyOf(starts, chunks * 2);
    }
    starts[chunks++] = -1;
    chunkEnd += DatasetCipher.PLAINTEXT_SEGMENT_SIZE;
  }

  /**
   * Per chunk, the plaintext offset (from the start of the table text) of the first record that begins in it, or -1
   * when none does; chunk 0's first record is the header. Call after the whole text was read. A chunk that holds no
   * plaintext (an empty last chunk) is listed with -1.
   */
  public long[] perChunk(long chunkCount) {
    while (chunks < chunkCount) {
      nextChunk();
    }
    return Arrays.copyOf(starts, chunks);
  }

  /** Plaintext bytes seen. */
  public long length() {
    return offset;
  }
}
