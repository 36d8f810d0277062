package dev.cleanroom.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.ErrorCode;
import dev.cleanroom.core.contract.RoomId;
import dev.cleanroom.crypto.dataset.DataKey;
import dev.cleanroom.protocol.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.UUID;

/**
 * A data owner's local store of dataset keys: one file per published dataset, {@code DIR/ROOM/TABLE.json}, mode
 * 0600, holding the data key and the contract entry the owner approved (its SHA-256). The key never leaves this
 * store except sealed to an attested runtime. Files are replaced atomically, so a crash never leaves a torn key.
 */
public final class DatasetKeyStore {
  private static final String FORMAT = "cleanroom-dataset-key/1";
  private static final Set<String> FIELDS = Set.of("format", "room", "table", "dataset_id", "data_key", "entry_sha256");

  private final Path directory;

  public DatasetKeyStore(Path directory) {
    this.directory = directory;
  }

  /** The default store of a party: {@code NAME.datasets} beside its {@code NAME.key} file. */
  public static DatasetKeyStore besideKeyFile(Path keyFile) {
    String name = keyFile.getFileName().toString().replaceFirst("\\.key$", "");
    Path parent = keyFile.toAbsolutePath().getParent();
    return new DatasetKeyStore(parent.resolve(name + ".datasets"));
  }

  public Path directory() {
    return directory;
  }

  /**
   * One dataset's key record.
   *
   * @param entrySha256 SHA-256 of the dataset's contract entry value the owner approved
   */
  public record Entry(RoomId room, String table, String datasetId, DataKey key, String entrySha256) {}

  public Path file(RoomId room, String table) {
    return directory.resolve(room.value()).resolve(table + ".json");
  }

  public void save(Entry entry) {
    Path file = file(entry.room(), entry.table());
    ObjectNode node = Json.object();
    node.put("format", FORMAT);
    node.put("room", entry.room().value());
    node.put("table", entry.table());
    node.put("dataset_id", entry.datasetId());
    node.put("data_key", entry.key().exportBase64());
    node.put("entry_sha256", entry.entrySha256());
    Path temporary = file.resolveSibling("." + entry.table() + "." + UUID.randomUUID() + ".tmp");
    try {
      Files.createDirectories(file.getParent(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.write(temporary, (Json.pretty(node) + "\n").getBytes(StandardCharsets.UTF_8));
      try (var channel = java.nio.channels.FileChannel.open(temporary, java.nio.file.StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      try {
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new CleanroomException(ErrorCode.IO, "cannot write dataset key file " + file + ": " + e.getMessage(), e);
    } finally {
      try {
        Files.deleteIfExists(temporary);
      } catch (IOException ignored) {
        // nothing secret is lost: the temporary file is either moved or never fully written
      }
    }
  }

  public Entry load(RoomId room, String table) {
    Path file = file(room, table);
    if (!Files.exists(file)) {
      throw CleanroomException.notFound("no key for dataset '" + table + "' of room '" + room + "' in " + directory
          + " (publish it from this key store, or pass --key-store)");
    }
    try {
      ObjectNode node = Json.parseObject(Files.readAllBytes(file), file.toString());
      Json.onlyFields(node, file.toString(), FIELDS);
      if (!FORMAT.equals(Json.string(node, "format", file.toString()))) {
        throw CleanroomException.invalid(file + " is not a cleanroom dataset key file");
      }
      return new Entry(RoomId.of(Json.string(node, "room", file.toString())), Json.string(node, "table", file.toString()),
          Json.string(node, "dataset_id", file.toString()), DataKey.fromBase64(Json.string(node, "data_key", file.toString())),
          Json.string(node, "entry_sha256", file.toString()));
    } catch (IOException e) {
      throw new CleanroomException(ErrorCode.IO, "cannot read dataset key file " + file + ": " + e.getMessage(), e);
    }
  }
}
