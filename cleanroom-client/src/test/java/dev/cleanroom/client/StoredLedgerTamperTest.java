package dev.cleanroom.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.ErrorCode;
import dev.cleanroom.core.contract.Action;
import dev.cleanroom.core.contract.Constitution;
import dev.cleanroom.core.governance.ProposalId;
import dev.cleanroom.core.governance.Vote;
import dev.cleanroom.server.CleanroomServer;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An operator edits the stored ledger file. Careless edits fail the frame checksum; careful ones (checksum
 * recomputed, frames re-laid) still fail the hash chain, signatures or governance replay. Either way the server
 * refuses to start on it, naming the entry, and serves nothing from it.
 */
class StoredLedgerTamperTest {
  private static final int HEADER = 8;

  @TempDir Path data;

  private Path ledgerWithHistory() {
    try (RoomFixture room = new RoomFixture(data).withActiveRoom()) {
      ProposalId id = room.merchant.propose(RoomFixture.ROOM, List.of(new Action.SetConstitution(new Constitution.Majority()))).proposal();
      room.bank.vote(RoomFixture.ROOM, id, Vote.ACCEPT);
      room.analyst.vote(RoomFixture.ROOM, id, Vote.REJECT);
      room.bank.latestRoot(RoomFixture.ROOM);
    }
    return data.resolve("rooms").resolve("offers").resolve("ledger.log");
  }

  private static List<byte[]> frames(Path file) throws Exception {
    ByteBuffer buffer = ByteBuffer.wrap(Files.readAllBytes(file));
    buffer.position(HEADER);
    List<byte[]> payloads = new ArrayList<>();
    while (buffer.hasRemaining()) {
      int length = buffer.getInt();
      buffer.getInt();
      byte[] payload = new byte[length];
      buffer.get(payload);
      payloads.add(payload);
    }
    return payloads;
  }

  private static void rewrite(Path file, List<byte[]> payloads) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(Files.readAllBytes(file), 0, HEADER);
    for (byte[] payload : payloads) {
      CRC32C crc = new CRC32C();
      crc.update(payload);
      out.write(ByteBuffer.allocate(8).putInt(payload.length).putInt((int) crc.getValue()).array());
      out.write(payload);
    }
    Files.write(file, out.toByteArray());
  }

  private void assertStartRefused(String... messageParts) {
    assertThatThrownBy(() -> CleanroomServer.start(RoomFixture.config(data)).close())
        .isInstanceOfSatisfying(CleanroomException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INTEGRITY))
        .hasMessageContainingAll(messageParts);
  }

  @Test
  void byteFlipped_withoutFixingChecksum_startRefusedNamingRecord() throws Exception {
    Path file = ledgerWithHistory();
    byte[] bytes = Files.readAllBytes(file);
    bytes[HEADER + 8 + 20] ^= 0x01;
    Files.write(file, bytes);
    assertStartRefused("record 0");
  }

  @Test
  void byteFlippedInEveryEntry_checksumRecomputed_startRefusedNamingThatEntry() throws Exception {
    Path file = ledgerWithHistory();
    List<byte[]> original = frames(file);
    byte[] pristine = Files.readAllBytes(file);
    for (int entry = 0; entry < original.size(); entry++) {
      List<byte[]> edited = new ArrayList<>(original);
      byte[] payload = original.get(entry).clone();
      payload[payload.length / 2] ^= 0x04;
      edited.set(entry, payload);
      rewrite(file, edited);
      assertStartRefused("entry " + entry + " ");
      Files.write(file, pristine);
    }
  }

  @Test
  void entryDeleted_framesRelaid_startRefused() throws Exception {
    Path file = ledgerWithHistory();
    List<byte[]> edited = new ArrayList<>(frames(file));
    edited.remove(4);
    rewrite(file, edited);
    assertStartRefused("entry 4", "sequence number");
  }

  @Test
  void entriesSwapped_framesRelaid_startRefused() throws Exception {
    Path file = ledgerWithHistory();
    List<byte[]> edited = new ArrayList<>(frames(file));
    byte[] third = edited.get(3);
    edited.set(3, edited.get(4));
    edited.set(4, third);
    rewrite(file, edited);
    assertStartRefused("entry 3");
  }

  @Test
  void untouchedLedger_restarts_andVerifies() throws Exception {
    Path file = ledgerWithHistory();
    assertThat(frames(file)).hasSizeGreaterThan(6);
    assertThat(dev.cleanroom.protocol.LedgerAudit.verify(RoomFixture.ROOM, frames(file)).status()).isEqualTo("active");
    CleanroomServer.start(RoomFixture.config(data)).close();
    assertThat(dev.cleanroom.protocol.LedgerAudit.verify(RoomFixture.ROOM, frames(file)).entries())
        .as("a restart registers the new runtime key").isGreaterThan(6);
  }
}
