package dev.cleanroom.server;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.ErrorCode;
import dev.cleanroom.core.contract.RoomId;
import dev.cleanroom.core.party.PartyId;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Sealed query results, {@code DATA/rooms/NAME/results/RUN/PARTY.sealed}: each is an HPKE box only its recipient
 * can open, so the operator stores them without being able to read them. Written atomically. Thread-safe.
 */
final class ResultStore {
  private static final Pattern RUN_ID = Pattern.compile("[0-9a-f]{64}");

  private final Path roomsDirectory;

  ResultStore(Path dataDirectory) {
    this.roomsDirectory = dataDirectory.resolve("rooms");
  }

  private Path file(RoomId room, String runId, PartyId party) {
    if (!RUN_ID.matcher(runId).matches()) {
      throw CleanroomException.invalid("run id '" + runId + "' is not 64 lower-case hex characters");
    }
    return roomsDirectory.resolve(room.value()).resolve("results").resolve(runId).resolve(party.value() + ".sealed");
  }

  void store(RoomId room, String runId, Map<PartyId, byte[]> sealed) {
    for (Map.Entry<PartyId, byte[]> entry : sealed.entrySet()) {
      Path target = file(room, runId, entry.getKey());
      Path temporary = target.resolveSibling("." + UUID.randomUUID() + ".tmp");
      try {
        Files.createDirectories(target.getParent());
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
          channel.write(java.nio.ByteBuffer.wrap(entry.getValue()));
          channel.force(true);
        }
        DurableFiles.moveIntoPlace(temporary, target);
      } catch (IOException e) {
        throw new CleanroomException(ErrorCode.IO, "cannot store the sealed result of run " + runId + ": " + e.getMessage(), e);
      } finally {
        try {
          Files.deleteIfExists(temporary);
        } catch (IOException ignored) {
          // only a sealed box could be left behind
        }
      }
    }
  }

  Optional<byte[]> read(RoomId room, String runId, PartyId party) {
    Path file = file(room, runId, party);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new CleanroomException(ErrorCode.IO, "cannot read the sealed result of run " + runId + ": " + e.getMessage(), e);
    }
  }
}
