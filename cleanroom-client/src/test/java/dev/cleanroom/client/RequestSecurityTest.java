package dev.cleanroom.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.ErrorCode;
import dev.cleanroom.core.contract.Action;
import dev.cleanroom.core.contract.Constitution;
import dev.cleanroom.core.party.PartyId;
import dev.cleanroom.crypto.Hashes;
import dev.cleanroom.crypto.PartyKeys;
import dev.cleanroom.protocol.GovernanceDocuments;
import dev.cleanroom.protocol.Json;
import dev.cleanroom.protocol.RequestSigning;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RequestSecurityTest {
  @TempDir Path data;

  private static Consumer<CleanroomException> code(ErrorCode expected) {
    return e -> assertThat(e.code()).isEqualTo(expected);
  }

  private static void refused(ThrowingCallable call, ErrorCode expected, String messagePart) {
    assertThatThrownBy(call).isInstanceOfSatisfying(CleanroomException.class, code(expected)).hasMessageContaining(messagePart);
  }

  private byte[] proposalBody(RoomFixture room) {
    return Json.bytes(GovernanceDocuments.proposal(room.merchantKeys, RoomFixture.ROOM, 1,
        List.of(new Action.SetConstitution(new Constitution.Majority()))).toJson());
  }

  @Test
  void request_forgedSignature_unauthenticatedAndLedgerUnchanged() {
    try (RoomFixture room = new RoomFixture(data).withActiveRoom()) {
      long size = room.ledgerSize();
      byte[] body = proposalBody(room);
      HttpRequest.Builder request = room.merchant.signed("POST", "/rooms/offers/proposals", body);
      byte[] forged = new byte[64];
      new SecureRandom().nextBytes(forged);
      request.setHeader(RequestSigning.SIGNATURE_HEADER, Base64.getEncoder().encodeToString(forged));
      refused(() -> room.merchant.exchange(request.build(), "forged"), ErrorCode.UNAUTHENTICATED, "does not verify");
      assertThat(room.ledgerSize()).isEqualTo(size);
    }
  }

  @Test
  void request_bodyChangedAfterSigning_unauthenticated() {
    try (RoomFixture room = new RoomFixture(data).withActiveRoom()) {
      byte[] body = proposalBody(room);
      HttpRequest.Builder request = room.merchant.signed("POST", "/rooms/offers/proposals", body);
      byte[] other = Json.bytes(GovernanceDocuments.proposal(room.merchantKeys, RoomFixture.ROOM, 1,
          List.of(new Action.AcceptMeasurement("ab".repeat(32)))).toJson());
      request.POST(HttpRequest.BodyPublishers.ofByteArray(other));
      refused(() -> room.merchant.exchange(request.build(), "tampered"), ErrorCode.UNAUTHENTICATED, "does not verify");
    }
  }

  @Test
  void request_pathChangedAfterSigning_unauthenticated() {
    try (RoomFixture room = new RoomFixture(data).withActiveRoom()) {
      HttpRequest signedForProposals = room.merchant.signed("GET", "/rooms/offers/proposals", new byte[0]).build();
      HttpRequest.Builder moved = HttpRequest.newBuilder(URI.create(room.server.url() + "/rooms/offers/ledger")).GET();
      signedForProposals.headers().map().forEach((name, values) -> {
        if (name.startsWith("Cleanroom-")) {
          moved.header(name, values.get(0));
        }
      });
      refused(() -> room.merchant.exchange(moved.build(), "moved"), ErrorCode.UNAUTHENTICATED, "does not verify");
    }
  }

  @Test
  void request_replayedWithSameNonce_unauthenticated() {
    try (RoomFixture room = new RoomFixture(data).withActiveRoom()) {
      HttpRequest request = room.merchant.signed("POST", "/rooms/offers/proposals", proposalBody(room)).build();
      room.merchant.exchange(request, "first");
      long size = room.ledgerSize();
      refused(() -> room.merchant.exchange(request, "replay"), ErrorCode.UNAUTHENTICATED, "nonce was already used");
      assertThat(room.ledgerSize()).isEqualTo(size);
    }
  }

  @Test
  void request_expiredTimestamp_unauthenticated() {
    try (RoomFixture room = new RoomFixture(data).withActiveRoom()) {
      long old = System.currentTimeMillis() - 10 * 60 * 1000;
      String nonce = "0123456789abcdef0123456789abcdef";
      byte[] signature = room.merchantKeys.sign(RequestSigning.statement("GET", "/rooms/offers", new byte[0], old, nonce));
      HttpRequest request = HttpRequest.newBuilder(URI.create(room.server.url() + "/rooms/offers")).GET()
          .header(RequestSigning.PARTY_HEADER, "merchant")
          .header(RequestSigning.KEY_HEADER, room.merchantKeys.signingKey().publicKey().base64())
          .header(RequestSigning.TIMESTAMP_HEADER, Long.toString(old))
          .header(RequestSigning.NONCE_HEADER, nonce)
          .header(RequestSigning.SIGNATURE_HEADER, Base64.getEncoder().encodeToString(signature))
          .build();
      refused(() -> room.merchant.exchange(request, "expired"), ErrorCode.UNAUTHENTICATED, "expired");
    }
  }

  @Test
  void request_unsigned_unauthenticated() {
    try (RoomFixture room = new RoomFixture(data).withActiveRoom()) {
      HttpRequest request = HttpRequest.newBuilder(URI.create(room.server.url() + "/rooms/offers")).GET().build();
      refused(() -> room.merchant.exchange(request, "unsigned"), ErrorCode.UNAUTHENTICATED, "not signed");
    }
  }

  @Test
  void read_byNonMember_forbidden() {
    try (RoomFixture room = new RoomFixture(data).withActiveRoom()) {
      CleanroomClient outsider = CleanroomClient.connect(room.server.url(),
          PartyKeys.generate(PartyId.of("outsider"), new SecureRandom()));
      refused(() -> outsider.room(RoomFixture.ROOM), ErrorCode.FORBIDDEN, "not a member");
      refused(() -> outsider.ledger(RoomFixture.ROOM), ErrorCode.FORBIDDEN, "not a member");
      refused(() -> outsider.receipt(RoomFixture.ROOM, 0), ErrorCode.FORBIDDEN, "not a member");
    }
  }

  @Test
  void read_byMemberNameWithWrongKey_forbidden() {
    try (RoomFixture room = new RoomFixture(data).withActiveRoom()) {
      CleanroomClient impostor = CleanroomClient.connect(room.server.url(),
          PartyKeys.generate(PartyId.of("bank"), new SecureRandom()));
      refused(() -> impostor.proposals(RoomFixture.ROOM), ErrorCode.FORBIDDEN, "not the key of member 'bank'");
    }
  }

  @Test
  void read_afterMemberRemoved_forbidden() {
    try (RoomFixture room = new RoomFixture(data).withActiveRoom()) {
      var id = room.bank.propose(RoomFixture.ROOM, List.of(new Action.RemoveMember(PartyId.of("analyst")))).proposal();
      for (CleanroomClient party : List.of(room.bank, room.merchant, room.analyst)) {
        party.vote(RoomFixture.ROOM, id, dev.cleanroom.core.governance.Vote.ACCEPT);
      }
      refused(() -> room.analyst.room(RoomFixture.ROOM), ErrorCode.FORBIDDEN, "not a member");
    }
  }

  @Test
  void request_oversizeBody_tooLargeAndLedgerUnchanged() {
    try (RoomFixture room = new RoomFixture(data).withActiveRoom()) {
      long size = room.ledgerSize();
      byte[] huge = new byte[200 * 1024];
      java.util.Arrays.fill(huge, (byte) 'x');
      refused(() -> room.merchant.send("POST", "/rooms/offers/proposals", huge), ErrorCode.TOO_LARGE, "limit of 65536 bytes");
      assertThat(room.ledgerSize()).isEqualTo(size);
    }
  }

  @Test
  void request_malformedJson_malformedInput() {
    try (RoomFixture room = new RoomFixture(data).withActiveRoom()) {
      long size = room.ledgerSize();
      refused(() -> room.merchant.send("POST", "/rooms/offers/proposals", "{\"payload\": ".getBytes(StandardCharsets.UTF_8)),
          ErrorCode.MALFORMED_INPUT, "not valid JSON");
      assertThat(room.ledgerSize()).isEqualTo(size);
    }
  }

  @Test
  void proposal_unknownAction_malformedInputNamingIt() {
    try (RoomFixture room = new RoomFixture(data).withActiveRoom()) {
      var document = new dev.cleanroom.protocol.GovernanceDocument.Proposal(RoomFixture.ROOM, PartyId.of("merchant"), 1,
          Hashes.hex(new byte[16]), "2026-11-25T00:00:00Z", List.of()).toJson();
      document.putArray("actions").addObject().put("action", "grant_everything");
      byte[] body = Json.bytes(dev.cleanroom.protocol.SignedEnvelope.sign(room.merchantKeys, document).toJson());
      refused(() -> room.merchant.send("POST", "/rooms/offers/proposals", body), ErrorCode.MALFORMED_INPUT,
          "unknown action 'grant_everything'");
    }
  }

  @Test
  void room_unknown_notFound() {
    try (RoomFixture room = new RoomFixture(data).withActiveRoom()) {
      refused(() -> room.bank.room(dev.cleanroom.core.contract.RoomId.of("nowhere")), ErrorCode.NOT_FOUND, "room 'nowhere' does not exist");
    }
  }

  @Test
  void document_submittedByAnotherParty_forbidden() {
    try (RoomFixture room = new RoomFixture(data).withActiveRoom()) {
      byte[] merchantsProposal = proposalBody(room);
      refused(() -> room.bank.send("POST", "/rooms/offers/proposals", merchantsProposal), ErrorCode.FORBIDDEN,
          "each party submits its own documents");
    }
  }

  @Test
  void createRoom_requestKeyNotTheFoundersKey_forbiddenAndNoRoomCreated() {
    try (RoomFixture room = new RoomFixture(data)) {
      PartyKeys impostor = PartyKeys.generate(PartyId.of("bank"), new SecureRandom());
      byte[] founding = Json.bytes(GovernanceDocuments.founding(room.bankKeys, RoomFixture.ROOM,
          List.of(new Action.AddMember(room.bankKeys.identity()))).toJson());
      CleanroomClient impostorClient = CleanroomClient.connect(room.server.url(), impostor);
      refused(() -> impostorClient.send("POST", "/rooms", founding), ErrorCode.FORBIDDEN, "not the key the founding proposal gives");
      refused(() -> room.bank.room(RoomFixture.ROOM), ErrorCode.NOT_FOUND, "does not exist");
    }
  }
}
