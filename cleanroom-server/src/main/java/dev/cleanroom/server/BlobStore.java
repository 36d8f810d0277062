package dev.cleanroom.server;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.ErrorCode;
import dev.cleanroom.core.contract.RoomId;
import dev.cleanroom.crypto.Hashes;
import dev.cleanroom.runtime.BlobSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The operator's store of encrypted datasets: {@code DATA/rooms/NAME/blobs/SHA256}, each file named by the SHA-256
 * of its content. An upload streams into a temporary file while it is hashed; only a complete upload whose hash
 * matches its name is synced and renamed into place, so a reader never sees a partial or wrong blob, and a failed
 * upload leaves nothing behind. Holds ciphertext only. Thread-safe.
 */
final class BlobStore implements BlobSource {
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  private final Path roomsDirectory;
  private final long maxBlobBytes;

  BlobStore(Path dataDirectory, long maxBlobBytes) {
    this.roomsDirectory = dataDirectory.resolve("rooms");
    this.maxBlobBytes = maxBlobBytes;
  }

  static String requireHash(String sha256) {
    if (!SHA256.matcher(sha256).matches()) {
      throw CleanroomException.invalid("blob name '" + sha256 + "' is not a SHA-256 in lower-case hex");
    }
    return sha256;
  }

  private Path directory(RoomId room) {
    return roomsDirectory.resolve(room.value()).resolve("blobs");
  }

  boolean exists(RoomId room, String sha256) {
    return Files.isRegularFile(directory(room).resolve(requireHash(sha256)));
  }

  long size(RoomId room, String sha256) {
    try {
      return Files.size(directory(room).resolve(requireHash(sha256)));
    } catch (IOException e) {
      return -1;
    }
  }

  /**
   * Stores {@code body} as blob {@code sha256}. Returns the number of bytes stored; refuses (and removes the partial
   * file) when the content does not hash to the name or passes the size limit.
   */
  long store(RoomId room, String sha256, InputStream body) {
    requireHash(sha256);
    Path directory = directory(room);
    Path target = directory.resolve(sha256);
    Path temporary = directory.resolve(".upload-" + UUID.randomUUID());
    try {
      Files.createDirectories(directory);
      MessageDigest digest = Hashes.newSha256();
      long total = 0;
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
          OutputStream out = java.nio.channels.Channels.newOutputStream(channel)) {
        byte[] buffer = new byte[1 << 16];
        int n;
        while ((n = body.read(buffer)) > 0) {
          total += n;
          if (total > maxBlobBytes) {
            throw new CleanroomException(ErrorCode.TOO_LARGE,
                "blob " + sha256 + " is larger than the server's limit of " + maxBlobBytes + " bytes");
          }
          digest.update(buffer, 0, n);
          out.write(buffer, 0, n);
        }
        out.flush();
        channel.force(true);
      }
      String actual = Hashes.hex(digest.digest());
      if (!actual.equals(sha256)) {
        throw CleanroomException.invalid("uploaded content hashes to " + actual + ", not to its name " + sha256
            + " (truncated or altered upload); nothing was stored");
      }
      DurableFiles.moveIntoPlace(temporary, target);
      return total;
    } catch (IOException e) {
      throw new CleanroomException(ErrorCode.IO, "blob " + sha256 + " could not be stored: " + e.getMessage(), e);
    } finally {
      try {
        Files.deleteIfExists(temporary);
      } catch (IOException ignored) {
        // best effort: a leftover ".upload-" file is never read and is removed on the next start
      }
    }
  }

  /** Removes temporary files of uploads that never finished, e.g. when the server was killed mid-upload. */
  void removeAbandonedUploads(RoomId room) {
    Path directory = directory(room);
    if (!Files.isDirectory(directory)) {
      return;
    }
    try (var files = Files.list(directory)) {
      for (Path file : files.filter(f -> f.getFileName().toString().startsWith(".upload-")).toList()) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new CleanroomException(ErrorCode.IO, "cannot clean " + directory + ": " + e.getMessage(), e);
    }
  }

  @Override
  public java.util.Optional<Path> location(RoomId room, String sha256) {
    Path file = directory(room).resolve(requireHash(sha256)).toAbsolutePath();
    return Files.isRegularFile(file) ? java.util.Optional.of(file) : java.util.Optional.empty();
  }

  @Override
  public InputStream open(RoomId room, String sha256) {
    try {
      return Files.newInputStream(directory(room).resolve(requireHash(sha256)));
    } catch (NoSuchFileException e) {
      throw CleanroomException.notFound("blob " + sha256 + " is not stored in room '" + room + "'");
    } catch (IOException e) {
      throw new CleanroomException(ErrorCode.IO, "blob " + sha256 + " could not be read: " + e.getMessage(), e);
    }
  }
}
