package dev.cleanroom.runtime;

import dev.cleanroom.core.engine.QueryEngine;
import dev.cleanroom.core.engine.TableLoader;

/**
 * An engine whose workers read a released dataset's ciphertext from the operator's storage themselves and decrypt
 * it chunk by chunk (Spark's executors), instead of being fed rows by the runtime. The runtime still reads and
 * checks the whole dataset first, as for any engine; it then hands the engine the key, the file and where each
 * chunk's first record begins.
 */
public interface EncryptedTableEngine extends QueryEngine {
  /**
   * Prepares {@code scan}'s table: the returned loader's {@code finish()} makes it visible to queries, its
   * {@code close()} without finishing drops it. The engine may read and decrypt the data here (and should, so a
   * failure comes before the release is recorded), and keeps decrypted data in memory only.
   */
  TableLoader loadEncrypted(EncryptedTableScan scan);
}
