package dev.cleanroom.runtime;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.dataset.DatasetManifest;
import dev.cleanroom.crypto.Hashes;
import dev.cleanroom.crypto.dataset.DataKey;
import dev.cleanroom.crypto.dataset.DatasetCipher;
import dev.cleanroom.crypto.dataset.DatasetIntegrityException;
import dev.cleanroom.protocol.TableCsv;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.security.DigestInputStream;
import java.security.MessageDigest;

/**
 * Decrypts a stored dataset in memory, streaming, and checks it against its manifest: the ciphertext hash, every
 * chunk's authentication, the schema of every row and the row count. Plaintext exists only in this method's
 * buffers and in what {@code sink} keeps; nothing is written to disk.
 */
public final class DatasetVerifier {
  private DatasetVerifier() {}

  /** Streams the dataset's typed rows to {@code sink}; throws naming the dataset and what failed. */
  public static long read(
      dev.cleanroom.core.contract.RoomId room, DatasetManifest manifest, DataKey key, BlobSource blobs, TableCsv.RowSink sink) {
    MessageDigest sha256 = Hashes.newSha256();
    long rows;
    try (InputStream stored = new DigestInputStream(blobs.open(room, manifest.ciphertextSha256()), sha256);
        InputStream plaintext = DatasetCipher.decrypting(key, manifest.datasetId(), stored);
        Reader text = TableCsv.strictUtf8(plaintext)) {
      // Reading to the end authenticates the last chunk; the parser closes the chain, so the hash is final after it.
      rows = TableCsv.read(text, "dataset '" + manifest.table() + "'", manifest.schema(), sink);
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
      throw CleanroomException.integrity("dataset '" + manifest.table() + "' could not be read: " + e.getMessage());
    }
    String hash = Hashes.hex(sha256.digest());
    if (!hash.equals(manifest.ciphertextSha256())) {
      throw CleanroomException.integrity("stored ciphertext of dataset '" + manifest.table() + "' hashes to " + hash
          + ", the contract names " + manifest.ciphertextSha256());
    }
    if (rows != manifest.rows()) {
      throw CleanroomException.integrity("dataset '" + manifest.table() + "' decrypts to " + rows + " rows, the contract says "
          + manifest.rows());
    }
    return rows;
  }
}
