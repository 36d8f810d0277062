package dev.cleanroom.bench.query;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.contract.RoomId;
import dev.cleanroom.core.dataset.DatasetManifest;
import dev.cleanroom.crypto.Hashes;
import dev.cleanroom.crypto.dataset.DataKey;
import dev.cleanroom.crypto.dataset.DatasetCipher;
import dev.cleanroom.crypto.dataset.EncryptionSummary;
import dev.cleanroom.policy.TableInfo;
import dev.cleanroom.runtime.BlobSource;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Both tables as a room stores them: the canonical table text in plaintext files (what the plain
 * DuckDB baseline reads), the same text encrypted with {@link DatasetCipher} under a fresh data key
 * per table, and the manifests the contract would hold. The ciphertext files are the runtime's
 * {@link BlobSource}, named by their SHA-256, with their paths as locations for engines whose workers
 * read the files themselves. Made once per size, outside every timing.
 */
public final class EncryptedTables implements BlobSource {
  public static final RoomId ROOM = RoomId.of("benchmark-room");

  /** One table: where its plaintext is, its manifest and its data key. */
  public record Table(String name, Path plaintext, Path ciphertext, DatasetManifest manifest, DataKey key) {}

  private final Map<String, Table> tables;
  private final Map<String, Path> blobs = new HashMap<>();

  private EncryptedTables(Map<String, Table> tables) {
    this.tables = tables;
    tables.values().forEach(table -> blobs.put(table.manifest().ciphertextSha256(), table.ciphertext()));
  }

  public static EncryptedTables write(BankMerchantData data, Path directory) throws IOException {
    SecureRandom random = new SecureRandom();
    Map<String, TableInfo> infos = new HashMap<>();
    RoomTables.plain().forEach(info -> infos.put(info.name(), info));
    Map<String, Table> tables = new LinkedHashMap<>();
    for (String name : List.of("customers", "purchases")) {
      Path plaintext = directory.resolve(name + ".csv");
      long rows = name.equals("customers") ? data.writeCustomers(plaintext)
          : data.writePurchases(plaintext);
      Path ciphertext = directory.resolve(name + ".enc");
      DataKey key = DataKey.generate(random);
      String datasetId = "benchmark/" + name + "@" + Hashes.sha256Hex(
          Long.toString(random.nextLong()).getBytes(java.nio.charset.StandardCharsets.UTF_8)).substring(0, 32);
      EncryptionSummary summary;
      try (InputStream in = new BufferedInputStream(Files.newInputStream(plaintext), 1 << 20);
          OutputStream out = Files.newOutputStream(ciphertext)) {
        summary = DatasetCipher.encrypt(key, datasetId, in, out);
      }
      TableInfo info = infos.get(name);
      DatasetManifest manifest = new DatasetManifest(name, info.owner(), datasetId,
          DatasetCipher.FORMAT, info.schema(), rows, summary.plaintextBytes(),
          summary.ciphertextBytes(), summary.ciphertextSha256(), info.policy());
      tables.put(name, new Table(name, plaintext, ciphertext, manifest, key));
    }
    return new EncryptedTables(tables);
  }

  /** Tables written before, by this process or another; their files must still be there. */
  public static EncryptedTables of(List<Table> tables) {
    Map<String, Table> byName = new LinkedHashMap<>();
    tables.forEach(table -> byName.put(table.name(), table));
    return new EncryptedTables(byName);
  }

  public List<Table> tables() {
    return List.copyOf(tables.values());
  }

  @Override
  public Optional<Path> location(RoomId room, String sha256) {
    return Optional.ofNullable(blobs.get(sha256));
  }

  @Override
  public InputStream open(RoomId room, String sha256) {
    Path file = blobs.get(sha256);
    if (file == null) {
      throw CleanroomException.notFound("no stored ciphertext " + sha256);
    }
    try {
      return Files.newInputStream(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
