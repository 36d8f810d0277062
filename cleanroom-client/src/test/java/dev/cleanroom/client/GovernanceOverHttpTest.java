package dev.cleanroom.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.ErrorCode;
import dev.cleanroom.core.contract.Action;
import dev.cleanroom.core.contract.Constitution;
import dev.cleanroom.core.contract.Extension;
import dev.cleanroom.core.contract.RoomId;
import dev.cleanroom.core.governance.ProposalId;
import dev.cleanroom.core.governance.Vote;
import dev.cleanroom.core.party.PartyId;
import dev.cleanroom.protocol.GovernanceDocuments;
import dev.cleanroom.protocol.LedgerAudit;
import dev.cleanroom.protocol.SignedEnvelope;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GovernanceOverHttpTest {
  private static final RoomId ROOM = RoomFixture.ROOM;

  @TempDir Path data;

  @Test
  void createRoom_allFoundersAccept_roomActiveAtVersionOne() {
    try (RoomFixture room = new RoomFixture(data)) {
      ProposalId founding = room.bank.createRoom(ROOM, List.of(new Action.AddMember(room.bankKeys.identity()),
          new Action.AddMember(room.merchantKeys.identity()))).proposal();
      assertThat(room.bank.room(ROOM).path("status").asText()).isEqualTo("pending");
      assertThat(room.bank.vote(ROOM, founding, Vote.ACCEPT).state()).isEqualTo("open");
      assertThat(room.merchant.vote(ROOM, founding, Vote.ACCEPT).state()).isEqualTo("accepted");
      assertThat(room.bank.room(ROOM).path("status").asText()).isEqualTo("active");
      assertThat(room.bank.room(ROOM).path("contract").path("version").asLong()).isEqualTo(1);
    }
  }

  @Test
  void propose_whileRoomPending_conflict() {
    try (RoomFixture room = new RoomFixture(data)) {
      room.bank.createRoom(ROOM, List.of(new Action.AddMember(room.bankKeys.identity()),
          new Action.AddMember(room.merchantKeys.identity())));
      assertThatThrownBy(() -> room.bank.propose(ROOM, 0, List.of(new Action.SetConstitution(new Constitution.Majority()))))
          .isInstanceOfSatisfying(CleanroomException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT))
          .hasMessageContaining("pending");
    }
  }

  @Test
  void ballot_replayed_refusedAndLedgerUnchanged() {
    try (RoomFixture room = new RoomFixture(data).withActiveRoom()) {
      ProposalId id = room.merchant.propose(ROOM, List.of(new Action.SetConstitution(new Constitution.Majority()))).proposal();
      SignedEnvelope ballot = GovernanceDocuments.ballot(room.merchantKeys, ROOM, id, Vote.ACCEPT);
      room.merchant.submitBallot(ROOM, id, ballot);
      long size = room.ledgerSize();
      assertThatThrownBy(() -> room.merchant.submitBallot(ROOM, id, ballot))
          .isInstanceOfSatisfying(CleanroomException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT))
          .hasMessageContaining("replayed");
      assertThat(room.ledgerSize()).isEqualTo(size);
    }
  }

  @Test
  void ballot_signedForOtherRoom_refused() {
    try (RoomFixture room = new RoomFixture(data).withActiveRoom()) {
      ProposalId id = room.merchant.propose(ROOM, List.of(new Action.SetConstitution(new Constitution.Majority()))).proposal();
      SignedEnvelope elsewhere = GovernanceDocuments.ballot(room.bankKeys, RoomId.of("pilot"), id, Vote.ACCEPT);
      long size = room.ledgerSize();
      assertThatThrownBy(() -> room.bank.submitBallot(ROOM, id, elsewhere))
          .isInstanceOfSatisfying(CleanroomException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
          .hasMessageContaining("room 'pilot'");
      assertThat(room.ledgerSize()).isEqualTo(size);
    }
  }

  @Test
  void ballot_signedForOtherProposal_refused() {
    try (RoomFixture room = new RoomFixture(data).withActiveRoom()) {
      ProposalId first = room.merchant.propose(ROOM, List.of(new Action.SetConstitution(new Constitution.Majority()))).proposal();
      ProposalId second = room.analyst.propose(ROOM, List.of(new Action.AcceptMeasurement("ab".repeat(32)))).proposal();
      SignedEnvelope forFirst = GovernanceDocuments.ballot(room.bankKeys, ROOM, first, Vote.ACCEPT);
      assertThatThrownBy(() -> room.bank.submitBallot(ROOM, second, forFirst))
          .isInstanceOfSatisfying(CleanroomException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
          .hasMessageContaining("signed for proposal " + first);
    }
  }

  @Test
  void ballot_forgedSignature_unauthenticated() {
    try (RoomFixture room = new RoomFixture(data).withActiveRoom()) {
      ProposalId id = room.merchant.propose(ROOM, List.of(new Action.SetConstitution(new Constitution.Majority()))).proposal();
      byte[] payload = GovernanceDocuments.ballot(room.analystKeys, ROOM, id, Vote.ACCEPT).payload();
      SignedEnvelope forged = new SignedEnvelope(payload, PartyId.of("analyst"), room.bankKeys.sign(payload));
      assertThatThrownBy(() -> room.analyst.submitBallot(ROOM, id, forged))
          .isInstanceOfSatisfying(CleanroomException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED));
    }
  }

  @Test
  void propose_staleVersion_conflict() {
    try (RoomFixture room = new RoomFixture(data).withActiveRoom()) {
      ProposalId id = room.merchant.propose(ROOM, List.of(new Action.SetConstitution(new Constitution.Majority()))).proposal();
      for (CleanroomClient party : List.of(room.bank, room.merchant, room.analyst)) {
        party.vote(ROOM, id, Vote.ACCEPT);
      }
      assertThatThrownBy(() -> room.analyst.propose(ROOM, 1, List.of(new Action.AcceptMeasurement("ab".repeat(32)))))
          .isInstanceOfSatisfying(CleanroomException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT))
          .hasMessageContaining("version 1").hasMessageContaining("version 2 is in force");
    }
  }

  @Test
  void dataOwner_underMajority_vetoesChangeToItsData() {
    try (RoomFixture room = new RoomFixture(data).withActiveRoom()) {
      ProposalId majority = room.bank.propose(ROOM, List.of(new Action.SetConstitution(new Constitution.Majority()))).proposal();
      room.bank.vote(ROOM, majority, Vote.ACCEPT);
      room.merchant.vote(ROOM, majority, Vote.ACCEPT);
      room.analyst.vote(ROOM, majority, Vote.ACCEPT);
      Extension owned = new Extension("model", "customers", "{\"v\":1}", Set.of(PartyId.of("bank")));
      ProposalId declare = room.bank.propose(ROOM, List.of(new Action.SetExtension(owned))).proposal();
      room.bank.vote(ROOM, declare, Vote.ACCEPT);
      assertThat(room.merchant.vote(ROOM, declare, Vote.ACCEPT).state()).isEqualTo("accepted");

      Extension grabbed = new Extension("model", "customers", "{\"v\":2}", Set.of(PartyId.of("bank")));
      ProposalId grab = room.analyst.propose(ROOM, List.of(new Action.SetExtension(grabbed))).proposal();
      room.analyst.vote(ROOM, grab, Vote.ACCEPT);
      assertThat(room.merchant.vote(ROOM, grab, Vote.ACCEPT).state()).isEqualTo("open");
      assertThat(room.bank.vote(ROOM, grab, Vote.REJECT).state()).isEqualTo("rejected");
      assertThat(room.bank.room(ROOM).path("contract").path("extensions").get(0).path("value").path("v").asInt()).isEqualTo(1);
    }
  }

  @Test
  void acceptedProposal_dropsOtherOpenProposals() {
    try (RoomFixture room = new RoomFixture(data).withActiveRoom()) {
      ProposalId winner = room.bank.propose(ROOM, List.of(new Action.SetConstitution(new Constitution.Majority()))).proposal();
      ProposalId loser = room.merchant.propose(ROOM, List.of(new Action.AcceptMeasurement("cd".repeat(32)))).proposal();
      room.bank.vote(ROOM, winner, Vote.ACCEPT);
      room.merchant.vote(ROOM, winner, Vote.ACCEPT);
      room.analyst.vote(ROOM, winner, Vote.ACCEPT);
      assertThat(room.bank.proposal(ROOM, loser).path("state").asText()).isEqualTo("dropped");
      assertThatThrownBy(() -> room.bank.vote(ROOM, loser, Vote.ACCEPT))
          .isInstanceOfSatisfying(CleanroomException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
    }
  }

  @Test
  void withdraw_byOtherParty_forbidden_byProposer_withdrawn() {
    try (RoomFixture room = new RoomFixture(data).withActiveRoom()) {
      ProposalId id = room.merchant.propose(ROOM, List.of(new Action.AcceptMeasurement("ef".repeat(32)))).proposal();
      assertThatThrownBy(() -> room.bank.withdraw(ROOM, id))
          .isInstanceOfSatisfying(CleanroomException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
      assertThat(room.merchant.withdraw(ROOM, id).state()).isEqualTo("withdrawn");
    }
  }

  @Test
  void restart_ledgerReplayed_newRuntimeKeyRegistered_auditStillIntact() {
    try (RoomFixture room = new RoomFixture(data).withActiveRoom()) {
      ProposalId id = room.merchant.propose(ROOM, List.of(new Action.AcceptMeasurement("ab".repeat(32)))).proposal();
      room.bank.vote(ROOM, id, Vote.ACCEPT);
      String keyBefore = room.bank.runtime().path("signing_key").asText();
      room.restart();
      assertThat(room.bank.runtime().path("signing_key").asText()).isNotEqualTo(keyBefore);
      assertThat(room.bank.proposal(ROOM, id).path("ballots").path("bank").asText()).isEqualTo("accept");
      room.merchant.vote(ROOM, id, Vote.ACCEPT);
      assertThat(room.analyst.vote(ROOM, id, Vote.ACCEPT).state()).isEqualTo("accepted");
      room.bank.latestRoot(ROOM);
      List<byte[]> ledger = room.analyst.ledger(ROOM);
      LedgerAudit.Report report = LedgerAudit.verify(ROOM, ledger);
      assertThat(report.contractVersion()).isEqualTo(2);
      assertThat(report.unsignedEntries()).isZero();
      long runtimeEntries = ledger.stream().filter(e -> new String(e, java.nio.charset.StandardCharsets.UTF_8)
          .contains("\"type\":\"runtime\"")).count();
      assertThat(runtimeEntries).isEqualTo(2);
    }
  }
}
