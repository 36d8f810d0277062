package dev.cleanroom.runtime;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.contract.RoomId;
import dev.cleanroom.core.dataset.DatasetManifest;
import dev.cleanroom.core.engine.ColumnBatch;
import dev.cleanroom.crypto.Hashes;
import dev.cleanroom.crypto.dataset.DataKey;
import dev.cleanroom.crypto.dataset.DatasetIntegrityException;
import dev.cleanroom.runtime.table.ParallelDecryptingInputStream;
import dev.cleanroom.runtime.table.ParallelTableReader;
import dev.cleanroom.runtime.table.RecordStarts;
import dev.cleanroom.crypto.dataset.DatasetSegmentDecrypter;
import java.util.function.UnaryOperator;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Decrypts a stored dataset in memory, streaming, and checks it against its manifest: the ciphertext hash, every
 * chunk's authentication, the schema of every row and the row count. This thread reads and hashes the ciphertext
 * and cuts the text into blocks of whole records; chunks are decrypted, and blocks parsed and typed, on one
 * thread per processor each (at most eight), and the rows reach {@code sink} in order, as column batches.
 * Plaintext exists only in these buffers and in what {@code sink} keeps; nothing is written to disk. When this method throws, the sink may already have received batches: the caller discards them (a
 * table loader is closed without finishing).
 */
public final class DatasetVerifier {
  /** Threads per stage at most: each holds a few MiB of chunks and blocks, which bounds a load's heap. */
  private static final int MAX_THREADS = 8;
  private static final AtomicInteger DECRYPT_THREADS = new AtomicInteger();

  private DatasetVerifier() {}

  /** Streams the dataset's typed rows to {@code sink}; throws naming the dataset and what failed. */
  public static long read(RoomId room, DatasetManifest manifest, DataKey key, BlobSource blobs,
      Consumer<ColumnBatch> sink) {
    int threads = Math.min(MAX_THREADS, Runtime.getRuntime().availableProcessors());
    return read(room, manifest, key, blobs, sink, threads);
  }

  /** As {@link #read(RoomId, DatasetManifest, DataKey, BlobSource, Consumer)}, parsing on {@code threads} threads. */
  public static long read(RoomId room, DatasetManifest manifest, DataKey key, BlobSource blobs,
      Consumer<ColumnBatch> sink, int threads) {
    return read(room, manifest, key, blobs, sink, threads, null);
  }

  /**
   * Reads and checks the dataset as {@link #read(RoomId, DatasetManifest, DataKey, BlobSource, Consumer)} does and
   * returns, per ciphertext chunk, where its first record begins (see {@link RecordStarts}), for engines whose
   * workers decrypt chunks themselves.
   */
  public static long[] recordStarts(RoomId room, DatasetManifest manifest, DataKey key, BlobSource blobs) {
    int threads = Math.min(MAX_THREADS, Runtime.getRuntime().availableProcessors());
    RecordStarts[] starts = new RecordStarts[1];
    read(room, manifest, key, blobs, batch -> {}, threads, text -> starts[0] = new RecordStarts(text));
    return starts[0].perChunk(DatasetSegmentDecrypter.segmentCount(manifest.ciphertextBytes()));
  }

  private static long read(RoomId room, DatasetManifest manifest, DataKey key, BlobSource blobs,
      Consumer<ColumnBatch> sink, int threads, UnaryOperator<InputStream> watch) {
    MessageDigest sha256 = Hashes.newSha256();
    String source = "dataset '" + manifest.table() + "'";
    long rows;
    ExecutorService decryption = Executors.newFixedThreadPool(threads, task -> {
      Thread thread = new Thread(task, "cleanroom-decrypt-" + DECRYPT_THREADS.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    try (InputStream stored = new DigestInputStream(blobs.open(room, manifest.ciphertextSha256()), sha256);
        InputStream decrypted = new ParallelDecryptingInputStream(key, manifest.datasetId(), stored, decryption,
            threads * 2);
        InputStream plaintext = watch == null ? decrypted : watch.apply(decrypted)) {
      // The reader reads to the end, which authenticates the last chunk and makes the hash final.
      rows = new ParallelTableReader(source, manifest.schema(), threads).read(plaintext, sink);
    } catch (DatasetIntegrityException e) {
      throw e.toCleanroomException();
    } catch (CleanroomException e) {
      for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
        if (cause instanceof DatasetIntegrityException integrity) {
          throw integrity.toCleanroomException();
        }
      }
      throw e;
    } catch (IOException e) {
      throw CleanroomException.integrity(source + " could not be read: " + e.getMessage());
    } finally {
      decryption.shutdownNow();
    }
    String hash = Hashes.hex(sha256.digest());
    if (!hash.equals(manifest.ciphertextSha256())) {
      throw CleanroomException.integrity("stored ciphertext of dataset '" + manifest.table() + "' hashes to " + hash
          + ", the contract names " + manifest.ciphertextSha256());
    }
    if (rows != manifest.rows()) {
      throw CleanroomException.integrity(source + " decrypts to " + rows + " rows, the contract says "
          + manifest.rows());
    }
    return rows;
  }
}
