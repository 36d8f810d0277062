package dev.cleanroom.protocol;

import static dev.cleanroom.protocol.Ledgers.BANK;
import static dev.cleanroom.protocol.Ledgers.MEASUREMENT;
import static dev.cleanroom.protocol.Ledgers.MERCHANT;
import static dev.cleanroom.protocol.Ledgers.ROOM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.ErrorCode;
import dev.cleanroom.core.contract.Action;
import dev.cleanroom.core.governance.ProposalId;
import dev.cleanroom.core.governance.Vote;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignedDocumentTest {
  private static final ProposalId PROPOSAL = ProposalId.of("1".repeat(64));

  private static SignedEnvelope parsed(SignedEnvelope envelope) {
    return SignedEnvelope.fromJson(Json.parse(Json.bytes(envelope.toJson()), "envelope"), "envelope");
  }

  @Test
  void envelope_jsonRoundTrip_sameBytesAndStillVerifies() {
    SignedEnvelope ballot = GovernanceDocuments.ballot(BANK, ROOM, PROPOSAL, Vote.ACCEPT);

    SignedEnvelope copy = parsed(ballot);

    assertThat(copy.payload()).isEqualTo(ballot.payload());
    assertThat(copy.signer()).isEqualTo(BANK.party());
    copy.requireSignedBy(BANK.identity().signingKey(), "ballot");
  }

  @Test
  void envelope_forgedSignature_unauthenticatedNamingSigner() {
    SignedEnvelope proposal = GovernanceDocuments.proposal(BANK, ROOM, 1, List.of(new Action.AcceptMeasurement(MEASUREMENT)));
    byte[] signature = proposal.signature();
    signature[63] ^= 0x01;
    SignedEnvelope forged = new SignedEnvelope(proposal.payload(), proposal.signer(), signature);

    assertThatThrownBy(() -> forged.requireSignedBy(BANK.identity().signingKey(), "proposal"))
        .isInstanceOfSatisfying(CleanroomException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED))
        .hasMessage("signature of proposal by 'bank' does not verify");
  }

  @Test
  void envelope_signedByOtherKey_unauthenticated() {
    SignedEnvelope ballot = GovernanceDocuments.ballot(BANK, ROOM, PROPOSAL, Vote.ACCEPT);

    assertThatThrownBy(() -> ballot.requireSignedBy(MERCHANT.identity().signingKey(), "ballot"))
        .isInstanceOfSatisfying(CleanroomException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED));
  }

  @Test
  void envelope_unknownFieldOrBadBase64_malformed() {
    ObjectNode extra = GovernanceDocuments.ballot(BANK, ROOM, PROPOSAL, Vote.ACCEPT).toJson().put("key", "x");
    ObjectNode badBase64 = GovernanceDocuments.ballot(BANK, ROOM, PROPOSAL, Vote.ACCEPT).toJson().put("signature", "%%");

    assertThatThrownBy(() -> SignedEnvelope.fromJson(extra, "envelope")).hasMessageContaining("unknown field 'key'");
    assertThatThrownBy(() -> SignedEnvelope.fromJson(badBase64, "envelope"))
        .hasMessageContaining("envelope field 'signature' is not valid base64");
  }

  @Test
  void parse_everyDocumentKind_roundTrips() {
    List<GovernanceDocument> documents = List.of(
        new GovernanceDocument.Founding(ROOM, BANK.party(), "n1", "2025-01-01T00:00:00Z", List.of(new Action.AddMember(BANK.identity()))),
        new GovernanceDocument.Proposal(ROOM, BANK.party(), 3, "n2", "2025-01-01T00:00:00Z",
            List.of(new Action.AcceptMeasurement(MEASUREMENT))),
        new GovernanceDocument.Ballot(ROOM, MERCHANT.party(), PROPOSAL, Vote.REJECT),
        new GovernanceDocument.Withdrawal(ROOM, BANK.party(), PROPOSAL));

    for (GovernanceDocument document : documents) {
      assertThat(GovernanceDocument.parse(Json.bytes(document.toJson()), "document")).isEqualTo(document);
    }
  }

  @Test
  void parse_unknownType_malformed() {
    byte[] payload = "{\"type\":\"veto\",\"room\":\"offers\",\"author\":\"bank\"}".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> GovernanceDocument.parse(payload, "signed document"))
        .isInstanceOfSatisfying(CleanroomException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_INPUT))
        .hasMessageContaining("unknown type 'veto'");
  }

  @Test
  void parse_missingOrExtraField_malformedNamingIt() {
    ObjectNode ballot = new GovernanceDocument.Ballot(ROOM, BANK.party(), PROPOSAL, Vote.ACCEPT).toJson();
    ObjectNode missing = ballot.deepCopy();
    missing.remove("vote");
    ObjectNode extra = ballot.deepCopy().put("weight", 2);

    assertThatThrownBy(() -> GovernanceDocument.parse(Json.bytes(missing), "signed document"))
        .hasMessage("signed document is missing field 'vote'");
    assertThatThrownBy(() -> GovernanceDocument.parse(Json.bytes(extra), "signed document"))
        .hasMessageContaining("unknown field 'weight'");
  }

  @Test
  void requireType_otherKind_invalid() {
    SignedEnvelope ballot = GovernanceDocuments.ballot(BANK, ROOM, PROPOSAL, Vote.ACCEPT);

    GovernanceDocuments.requireType(ballot, "ballot");
    assertThatThrownBy(() -> GovernanceDocuments.requireType(ballot, "proposal"))
        .hasMessageContaining("expected a signed 'proposal' document, got a 'ballot' document");
  }

  @Test
  void proposalOf_ballotAndWithdrawal_nameTheirProposal() {
    assertThat(GovernanceDocuments.proposalOf(GovernanceDocuments.ballot(BANK, ROOM, PROPOSAL, Vote.ACCEPT))).isEqualTo(PROPOSAL);
    assertThat(GovernanceDocuments.proposalOf(GovernanceDocuments.withdrawal(BANK, ROOM, PROPOSAL))).isEqualTo(PROPOSAL);
    assertThat(GovernanceDocuments.roomOf(GovernanceDocuments.withdrawal(BANK, ROOM, PROPOSAL))).isEqualTo(ROOM);
    assertThatThrownBy(() -> GovernanceDocuments.proposalOf(
        GovernanceDocuments.proposal(BANK, ROOM, 1, List.of(new Action.AcceptMeasurement(MEASUREMENT)))))
        .isInstanceOf(CleanroomException.class);
  }

  @Test
  void foundingIdentity_namesOnlyFoundingMembers() {
    SignedEnvelope founding = GovernanceDocuments.founding(BANK, ROOM,
        List.of(new Action.AddMember(BANK.identity()), new Action.AddMember(MERCHANT.identity())));

    assertThat(GovernanceDocuments.foundingIdentity(founding, MERCHANT.party())).contains(MERCHANT.identity());
    assertThat(GovernanceDocuments.foundingIdentity(founding, Ledgers.OUTSIDER.party())).isEmpty();
  }

  @Test
  void founding_sameActionsTwice_distinctProposalIds() {
    List<Action> actions = List.of(new Action.AddMember(BANK.identity()));

    assertThat(GovernanceDocuments.founding(BANK, ROOM, actions).payloadHash())
        .isNotEqualTo(GovernanceDocuments.founding(BANK, ROOM, actions).payloadHash());
  }
}
