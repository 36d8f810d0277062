package dev.cleanroom.client;

import dev.cleanroom.core.contract.Action;
import dev.cleanroom.core.contract.RoomId;
import dev.cleanroom.core.governance.ProposalId;
import dev.cleanroom.core.governance.Vote;
import dev.cleanroom.core.party.PartyId;
import dev.cleanroom.crypto.PartyKeys;
import dev.cleanroom.server.CleanroomServer;
import dev.cleanroom.server.ServerConfig;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;

/** A real server on a loopback port and three parties with an active room, for API tests. */
final class RoomFixture implements AutoCloseable {
  static final RoomId ROOM = RoomId.of("offers");
  private static final SecureRandom RANDOM = new SecureRandom();

  final Path data;
  final PartyKeys bankKeys = PartyKeys.generate(PartyId.of("bank"), RANDOM);
  final PartyKeys merchantKeys = PartyKeys.generate(PartyId.of("merchant"), RANDOM);
  final PartyKeys analystKeys = PartyKeys.generate(PartyId.of("analyst"), RANDOM);
  CleanroomServer server;
  CleanroomClient bank;
  CleanroomClient merchant;
  CleanroomClient analyst;

  RoomFixture(Path data) {
    this.data = data;
    try {
      // The build points java.io.tmpdir at a directory of its own, which tests scan for plaintext.
      java.nio.file.Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    start();
  }

  static ServerConfig config(Path data) {
    // A long timer interval keeps timer-signed roots out of assertions about ledger size.
    return new ServerConfig(data, "127.0.0.1", 0, 64 * 1024, 1000, Duration.ofHours(1));
  }

  void start() {
    server = CleanroomServer.start(config(data));
    bank = CleanroomClient.connect(server.url(), bankKeys);
    merchant = CleanroomClient.connect(server.url(), merchantKeys);
    analyst = CleanroomClient.connect(server.url(), analystKeys);
  }

  void restart() {
    server.close();
    start();
  }

  RoomFixture withActiveRoom() {
    ProposalId founding = bank.createRoom(ROOM, List.of(new Action.AddMember(bankKeys.identity()),
        new Action.AddMember(merchantKeys.identity()), new Action.AddMember(analystKeys.identity()))).proposal();
    for (CleanroomClient party : List.of(bank, merchant, analyst)) {
      party.vote(ROOM, founding, Vote.ACCEPT);
    }
    return this;
  }

  long ledgerSize() {
    return bank.room(ROOM).path("ledger_size").asLong();
  }

  @Override
  public void close() {
    server.close();
  }
}
