package dev.cleanroom.engine.spark;

import dev.cleanroom.core.contract.RoomId;
import dev.cleanroom.core.dataset.ColumnSchema;
import dev.cleanroom.core.dataset.DatasetManifest;
import dev.cleanroom.core.dataset.DatasetPolicy;
import dev.cleanroom.core.party.PartyId;
import dev.cleanroom.crypto.dataset.DataKey;
import dev.cleanroom.crypto.dataset.DatasetCipher;
import dev.cleanroom.crypto.dataset.EncryptionSummary;
import dev.cleanroom.runtime.BlobSource;
import dev.cleanroom.runtime.DatasetVerifier;
import dev.cleanroom.runtime.EncryptedTableScan;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A table encrypted into a file as an owner's client stores it, and what the runtime hands an engine for it after
 * checking it: the manifest, the key and the per-chunk record starts.
 */
record EncryptedFixture(String table, List<ColumnSchema> schema, Path file, DatasetManifest manifest, DataKey key,
    BlobSource blobs, long[] recordStarts) {
  static final RoomId ROOM = RoomId.of("spark-room");

  EncryptedTableScan scan() {
    return new EncryptedTableScan(table, schema, manifest.datasetId(), key, file, manifest.ciphertextBytes(),
        manifest.plaintextBytes(), manifest.rows(), recordStarts);
  }

  /** Encrypts {@code text} (table text with a header row) into {@code directory} and has the runtime check it. */
  static EncryptedFixture store(Path directory, String table, List<ColumnSchema> schema, InputStream text, long rows)
      throws IOException {
    DataKey key = DataKey.generate(new SecureRandom());
    String datasetId = ROOM + "/" + table + "@test";
    Path file = directory.resolve(table + ".ciphertext");
    EncryptionSummary summary;
    try (OutputStream out = Files.newOutputStream(file)) {
      summary = DatasetCipher.encrypt(key, datasetId, text, out);
    }
    Map<String, Set<dev.cleanroom.core.dataset.ColumnUse>> uses = new LinkedHashMap<>();
    schema.forEach(column -> uses.put(column.name(), Set.of()));
    DatasetPolicy policy = new DatasetPolicy(table, schema.get(0).name(), 1, uses, Map.of(), Set.of(), Set.of(),
        Optional.empty());
    DatasetManifest manifest = new DatasetManifest(table, PartyId.of("owner"), datasetId, DatasetCipher.FORMAT, schema,
        rows, summary.plaintextBytes(), summary.ciphertextBytes(), summary.ciphertextSha256(), policy);
    BlobSource blobs = new BlobSource() {
      @Override
      public InputStream open(RoomId room, String sha256) {
        try {
          return Files.newInputStream(file);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }

      @Override
      public Optional<Path> location(RoomId room, String sha256) {
        return Optional.of(file);
      }
    };
    long[] starts = DatasetVerifier.recordStarts(ROOM, manifest, key, blobs);
    return new EncryptedFixture(table, schema, file, manifest, key, blobs, starts);
  }
}
