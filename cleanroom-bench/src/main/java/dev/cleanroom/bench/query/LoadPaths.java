package dev.cleanroom.bench.query;

import dev.cleanroom.bench.Blackhole;
import dev.cleanroom.core.engine.QueryEngine;
import dev.cleanroom.core.engine.TableLoader;
import dev.cleanroom.crypto.Hashes;
import dev.cleanroom.policy.TableInfo;
import dev.cleanroom.runtime.ConfidentialRuntime;
import dev.cleanroom.runtime.DatasetVerifier;
import dev.cleanroom.runtime.table.ParallelDecryptingInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The ways one table gets into an engine, each a prefix of the runtime's key-release load so that
 * their differences say where the time goes. Stateless.
 */
final class LoadPaths {
  private static final int READ_BYTES = 1 << 20;

  private LoadPaths() {}

  /** What one load step does. */
  enum Step {
    /** Read the stored ciphertext, hash it and decrypt it to the end as the runtime does; nothing parsed. */
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

  /** Reads, hashes and decrypts as {@code DatasetVerifier.read} does (chunks on a pool), parsing nothing. */
  private static long decrypt(EncryptedTables tables, EncryptedTables.Table table)
      throws IOException {
    MessageDigest sha256 = Hashes.newSha256();
    byte[] buffer = new byte[READ_BYTES];
    long bytes = 0;
    int threads = Runtime.getRuntime().availableProcessors();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (InputStream plaintext = new ParallelDecryptingInputStream(table.key(),
        table.manifest().datasetId(), new DigestInputStream(
            tables.open(EncryptedTables.ROOM, table.manifest().ciphertextSha256()), sha256),
        pool, threads * 2)) {
      int read;
      while ((read = plaintext.read(buffer, 0, buffer.length)) >= 0) {
        bytes += read;
      }
    } finally {
      pool.shutdownNow();
    }
    if (!Hashes.hex(sha256.digest()).equals(table.manifest().ciphertextSha256())) {
      throw new IllegalStateException("the ciphertext of " + table.name() + " changed");
    }
    return bytes;
  }

  /** What {@code ConfidentialRuntime.decide} and {@code hold} do with a released key. */
  private static long load(EncryptedTables tables, EncryptedTables.Table table,
      QueryEngine engine) {
    loadCounting(tables, table, engine);
    return table.manifest().rows();
  }

  /**
   * Loads {@code table} as {@link #run} {@code RUNTIME_LOAD} does and returns its policy ({@link RoomTables#plain})
   * with the rows per subject and per join-key value counted during the load.
   */
  static TableInfo loadCounting(EncryptedTables tables, EncryptedTables.Table table,
      QueryEngine engine) {
    TableInfo policy = RoomTables.plain().stream().filter(info -> info.name().equals(table.name()))
        .findFirst().orElseThrow(() -> new IllegalArgumentException("no policy for table " + table.name()));
    TableLoader loader = engine.load(table.name(), table.manifest().schema());
    try {
      TableInfo counted = ConfidentialRuntime.readCounting(EncryptedTables.ROOM, table.manifest(),
          table.key(), tables, loader, policy);
      loader.finish();
      return counted;
    } finally {
      loader.close();
    }
  }

  /** The baseline: plain DuckDB reading the plaintext file with its own CSV reader. */
  static void plain(PlainDuckDb duckDb, EncryptedTables.Table table) throws SQLException {
    duckDb.loadCsv(table.name(), table.plaintext());
  }
}
