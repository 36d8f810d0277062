package dev.cleanroom.runtime;

import dev.cleanroom.core.dataset.ColumnSchema;
import dev.cleanroom.crypto.dataset.DataKey;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What an {@link EncryptedTableEngine} needs to read one released dataset: the stored file and its exact length
 * (from the signed manifest, so a cut file is caught), the dataset id and key that decrypt it, the schema, the row
 * count the runtime verified, and where the first record of each chunk's plaintext begins (offsets into the whole
 * table text, -1 for a chunk where no record begins; chunk 0's first record is the header).
 */
public record EncryptedTableScan(String table, List<ColumnSchema> schema, String datasetId, DataKey key,
    Path ciphertext, long ciphertextBytes, long plaintextBytes, long rows, long[] recordStarts) {
  public EncryptedTableScan {
    Objects.requireNonNull(table, "table");
    schema = List.copyOf(schema);
    Objects.requireNonNull(datasetId, "datasetId");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(ciphertext, "ciphertext");
    recordStarts = recordStarts.clone();
  }

  @Override
  public long[] recordStarts() {
    return recordStarts.clone();
  }

  @Override
  public String toString() {
    return "EncryptedTableScan[" + table + ", " + datasetId + ", " + ciphertext + ", " + rows + " rows]";
  }
}
