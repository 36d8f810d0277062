package dev.cleanroom.runtime.table;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.ErrorCode;
import dev.cleanroom.crypto.dataset.DataKey;
import dev.cleanroom.crypto.dataset.DatasetCipher;
import dev.cleanroom.crypto.dataset.DatasetIntegrityException;
import dev.cleanroom.crypto.dataset.DatasetSegmentDecrypter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * The plaintext of a dataset file, like {@link DatasetCipher#decrypting}, but with the chunks ahead of the reader
 * decrypted on a pool of threads. The calling thread reads the ciphertext in order (so a hashing stream under it
 * still sees every byte once, in order) and hands each chunk to the pool; plaintext comes out in order.
 *
 * <p>Whether a chunk is the last one follows from where the ciphertext actually ends, never from a length someone
 * claims: the reader looks one chunk ahead. A file cut at a chunk boundary therefore fails authentication (its new
 * last chunk was encrypted as non-final), as in the sequential stream. As there, only a read that reaches the end
 * without an exception proves the whole file authentic.
 *
 * <p>Not thread-safe (one reader); the pool's threads each open their own decrypter.
 */
public final class ParallelDecryptingInputStream extends InputStream {
  private final InputStream ciphertext;
  private final ExecutorService pool;
  private final int ahead;
  private final ThreadLocal<DatasetSegmentDecrypter> decrypters;
  private final Deque<Future<ByteBuffer>> decrypting = new ArrayDeque<>();
  private ByteBuffer current = ByteBuffer.allocate(0);
  private byte[] lookAhead;
  private long nextIndex;
  private boolean allSubmitted;

  /**
   * @param ahead chunks decrypted ahead of the reader at most (bounds the memory: about one MiB each)
   * @throws DatasetIntegrityException when the header is missing or not of this format
   */
  public ParallelDecryptingInputStream(DataKey key, String datasetId, InputStream ciphertext, ExecutorService pool,
      int ahead) throws IOException {
    this.ciphertext = ciphertext;
    this.pool = pool;
    this.ahead = Math.max(1, ahead);
    byte[] header = ciphertext.readNBytes(DatasetCipher.HEADER_SIZE);
    // Opened once here so that a bad header fails on the caller's thread, before any chunk is read.
    DatasetSegmentDecrypter.open(key, datasetId, header);
    this.decrypters = ThreadLocal.withInitial(() -> {
      try {
        return DatasetSegmentDecrypter.open(key, datasetId, header);
      } catch (DatasetIntegrityException e) {
        throw new IllegalStateException("a header that opened once failed to open again", e);
      }
    });
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int read = read(one, 0, 1);
    return read < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    while (!current.hasRemaining()) {
      if (!advance()) {
        return -1;
      }
    }
    int count = Math.min(length, current.remaining());
    current.get(buffer, offset, count);
    return count;
  }

  /** Moves to the next chunk's plaintext; false at the end of the file. */
  private boolean advance() throws IOException {
    fill();
    Future<ByteBuffer> next = decrypting.pollFirst();
    if (next == null) {
      return false;
    }
    try {
      current = next.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CleanroomException(ErrorCode.INTERNAL, "decrypting was interrupted");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IOException("decrypting a chunk failed", e.getCause());
    }
    fill();
    return true;
  }

  /** Reads chunks in order and hands them to the pool until {@code ahead} are under way or the file ends. */
  private void fill() throws IOException {
    while (!allSubmitted && decrypting.size() < ahead) {
      long index = nextIndex++;
      byte[] chunk = lookAhead != null ? lookAhead : readChunk(index);
      lookAhead = null;
      boolean last = chunk.length < fullLength(index);
      if (!last) {
        lookAhead = readChunk(index + 1);
        last = lookAhead.length == 0;
      }
      allSubmitted = last;
      boolean isLast = last;
      decrypting.add(pool.submit(() -> decrypt(index, isLast, chunk)));
    }
  }

  private ByteBuffer decrypt(long index, boolean last, byte[] chunk) throws DatasetIntegrityException {
    ByteBuffer plaintext = ByteBuffer.allocate(Math.max(0, chunk.length - DatasetCipher.TAG_SIZE));
    decrypters.get().decrypt(index, last, ByteBuffer.wrap(chunk), plaintext);
    plaintext.flip();
    return plaintext;
  }

  private byte[] readChunk(long index) throws IOException {
    return ciphertext.readNBytes(fullLength(index));
  }

  private static int fullLength(long index) {
    return index == 0 ? DatasetCipher.CIPHERTEXT_SEGMENT_SIZE - DatasetCipher.HEADER_SIZE
        : DatasetCipher.CIPHERTEXT_SEGMENT_SIZE;
  }

  @Override
  public void close() throws IOException {
    decrypting.forEach(future -> future.cancel(true));
    decrypting.clear();
    ciphertext.close();
  }
}
