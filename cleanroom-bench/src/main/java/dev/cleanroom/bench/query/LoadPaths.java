package dev.cleanroom.bench.query;

import dev.cleanroom.bench.Blackhole;
import dev.cleanroom.core.engine.QueryEngine;
import dev.cleanroom.core.engine.TableLoader;
import dev.cleanroom.crypto.Hashes;
import dev.cleanroom.crypto.dataset.DatasetCipher;
import dev.cleanroom.runtime.DatasetVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.sql.SQLException;

/**
 * The ways one table gets into an engine, each a prefix of the runtime's key-release load so that
 * their differences say where the time goes. Stateless.
 */
final class LoadPaths {
  private static final int READ_BYTES = 1 << 20;

  private LoadPaths() {}

  /** What one load step does. */
  enum Step {
    /** Read the stored ciphertext, hash it and decrypt it to the end; nothing parsed. */
    DECRYPT,
    /** {@code DatasetVerifier.read} with a sink that drops the typed rows: decrypt and parse. */
    DECRYPT_PARSE,
    /** {@code DatasetVerifier.read} into the DuckDB engine's loader, then {@code finish}. */
    RUNTIME_LOAD
  }

  /** Runs {@code step} on {@code table}; {@code engine} is used only by the full load. */
  static long run(Step step, EncryptedTables tables, EncryptedTables.Table table,
      QueryEngine engine) throws IOException {
    return switch (step) {
      case DECRYPT -> decrypt(tables, table);
      case DECRYPT_PARSE -> DatasetVerifier.read(EncryptedTables.ROOM, table.manifest(),
          table.key(), tables, batch -> Blackhole.consume(batch.rowCount()));
      case RUNTIME_LOAD -> load(tables, table, engine);
    };
  }

  private static long decrypt(EncryptedTables tables, EncryptedTables.Table table)
      throws IOException {
    MessageDigest sha256 = Hashes.newSha256();
    byte[] buffer = new byte[READ_BYTES];
    long bytes = 0;
    try (InputStream plaintext = DatasetCipher.decrypting(table.key(),
        table.manifest().datasetId(), new DigestInputStream(
            tables.open(EncryptedTables.ROOM, table.manifest().ciphertextSha256()), sha256))) {
      int read;
      while ((read = plaintext.read(buffer, 0, buffer.length)) >= 0) {
        bytes += read;
      }
    }
    if (!Hashes.hex(sha256.digest()).equals(table.manifest().ciphertextSha256())) {
      throw new IllegalStateException("the ciphertext of " + table.name() + " changed");
    }
    return bytes;
  }

  /** What {@code ConfidentialRuntime.decide} and {@code hold} do with a released key. */
  private static long load(EncryptedTables tables, EncryptedTables.Table table,
      QueryEngine engine) {
    TableLoader loader = engine.load(table.name(), table.manifest().schema());
    try {
      DatasetVerifier.read(EncryptedTables.ROOM, table.manifest(), table.key(), tables,
          loader::batch);
      return loader.finish();
    } finally {
      loader.close();
    }
  }

  /** The baseline: plain DuckDB reading the plaintext file with its own CSV reader. */
  static void plain(PlainDuckDb duckDb, EncryptedTables.Table table) throws SQLException {
    duckDb.loadCsv(table.name(), table.plaintext());
  }
}
