package dev.cleanroom.protocol;

import static dev.cleanroom.protocol.Ledgers.BANK;
import static dev.cleanroom.protocol.Ledgers.MEASUREMENT;
import static dev.cleanroom.protocol.Ledgers.MERCHANT;
import static dev.cleanroom.protocol.Ledgers.OUTSIDER;
import static dev.cleanroom.protocol.Ledgers.ROOM;
import static dev.cleanroom.protocol.Ledgers.RUNTIME;
import static dev.cleanroom.protocol.Ledgers.TELCO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.ErrorCode;
import dev.cleanroom.core.contract.Action;
import dev.cleanroom.core.contract.RoomId;
import dev.cleanroom.core.governance.ProposalId;
import dev.cleanroom.core.governance.ProposalState;
import dev.cleanroom.core.governance.RoomStatus;
import dev.cleanroom.core.governance.Vote;
import dev.cleanroom.crypto.PartyKeys;
import java.time.Instant;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class RoomLedgerStateTest {
  private static final Instant NOW = Instant.parse("2025-02-01T00:00:00Z");

  /** An active room of bank, merchant and telco with one open proposal by bank. */
  private static Ledgers.Builder roomWithOpenProposal() {
    Ledgers.Builder ledger = new Ledgers.Builder();
    ledger.runtime(RUNTIME);
    ledger.found(BANK, MERCHANT, TELCO);
    ledger.propose(BANK, new Action.AcceptMeasurement(MEASUREMENT));
    return ledger;
  }

  private static ProposalId lastProposal(Ledgers.Builder ledger) {
    return ledger.state.governance().orElseThrow().proposals().keySet().stream().reduce((a, b) -> b).orElseThrow();
  }

  /** Asserts the step is refused with {@code code} and leaves the ledger as it was. */
  private static void assertRefused(Ledgers.Builder ledger, ThrowingCallable step, ErrorCode code, String message) {
    long size = ledger.state.size();
    byte[] root = ledger.state.tree().rootHash();
    var governance = ledger.state.governance();
    assertThatThrownBy(step)
        .isInstanceOfSatisfying(CleanroomException.class, e -> assertThat(e.code()).isEqualTo(code))
        .hasMessageContaining(message);
    assertThat(ledger.state.size()).isEqualTo(size);
    assertThat(ledger.state.tree().rootHash()).isEqualTo(root);
    assertThat(ledger.state.governance()).isEqualTo(governance);
  }

  private static SignedEnvelope withPayload(SignedEnvelope envelope, String from, String to) {
    String payload = new String(envelope.payload(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(payload).contains(from);
    return new SignedEnvelope(payload.replace(from, to).getBytes(java.nio.charset.StandardCharsets.UTF_8),
        envelope.signer(), envelope.signature());
  }

  @Test
  void vote_ballotForOtherRoom_refused() {
    Ledgers.Builder ledger = roomWithOpenProposal();
    SignedEnvelope ballot = GovernanceDocuments.ballot(MERCHANT, RoomId.of("other"), lastProposal(ledger), Vote.ACCEPT);

    assertRefused(ledger, () -> ledger.state.prepareGovernance(ballot, NOW), ErrorCode.INVALID_ARGUMENT,
        "ballot is signed for room 'other' but was sent to room 'offers'");
  }

  @Test
  void vote_ballotRedirectedToOtherProposal_refused() {
    Ledgers.Builder ledger = roomWithOpenProposal();
    ProposalId first = lastProposal(ledger);
    ProposalId second = ledger.propose(BANK, new Action.SetConstitution(new dev.cleanroom.core.contract.Constitution.Majority()));
    SignedEnvelope ballot = GovernanceDocuments.ballot(MERCHANT, ROOM, first, Vote.ACCEPT);

    assertRefused(ledger, () -> ledger.state.prepareGovernance(withPayload(ballot, first.value(), second.value()), NOW),
        ErrorCode.UNAUTHENTICATED, "signature of ballot by 'merchant' does not verify");
  }

  @Test
  void vote_ballotForUnknownProposal_notFound() {
    Ledgers.Builder ledger = roomWithOpenProposal();
    SignedEnvelope ballot = GovernanceDocuments.ballot(MERCHANT, ROOM, ProposalId.of("0".repeat(64)), Vote.ACCEPT);

    assertRefused(ledger, () -> ledger.state.prepareGovernance(ballot, NOW), ErrorCode.NOT_FOUND, "does not exist");
  }

  @Test
  void vote_ballotReplayed_refused() {
    Ledgers.Builder ledger = roomWithOpenProposal();
    SignedEnvelope ballot = GovernanceDocuments.ballot(MERCHANT, ROOM, lastProposal(ledger), Vote.ACCEPT);
    ledger.submit(ballot);

    assertRefused(ledger, () -> ledger.state.prepareGovernance(ballot, NOW), ErrorCode.CONFLICT, "already voted");
  }

  @Test
  void vote_ballotReplayedAfterAcceptance_refused() {
    Ledgers.Builder ledger = roomWithOpenProposal();
    ProposalId id = lastProposal(ledger);
    SignedEnvelope ballot = GovernanceDocuments.ballot(TELCO, ROOM, id, Vote.ACCEPT);
    ledger.vote(BANK, id, Vote.ACCEPT);
    ledger.vote(MERCHANT, id, Vote.ACCEPT);
    ledger.submit(ballot);
    assertThat(ledger.state.governance().orElseThrow().proposal(id).orElseThrow().state()).isEqualTo(ProposalState.ACCEPTED);

    assertRefused(ledger, () -> ledger.state.prepareGovernance(ballot, NOW), ErrorCode.CONFLICT, "is accepted, not open");
  }

  @Test
  void vote_ballotSignedByNonMember_forbidden() {
    Ledgers.Builder ledger = roomWithOpenProposal();
    SignedEnvelope ballot = GovernanceDocuments.ballot(OUTSIDER, ROOM, lastProposal(ledger), Vote.ACCEPT);

    assertRefused(ledger, () -> ledger.state.prepareGovernance(ballot, NOW), ErrorCode.FORBIDDEN,
        "party 'outsider' is not a member of room 'offers'");
  }

  @Test
  void vote_ballotUnderMemberNameWithOtherKey_unauthenticated() {
    Ledgers.Builder ledger = roomWithOpenProposal();
    PartyKeys impostor = PartyKeys.generate(MERCHANT.party(), Ledgers.RANDOM);
    SignedEnvelope ballot = GovernanceDocuments.ballot(impostor, ROOM, lastProposal(ledger), Vote.ACCEPT);

    assertRefused(ledger, () -> ledger.state.prepareGovernance(ballot, NOW), ErrorCode.UNAUTHENTICATED,
        "signature of ballot by 'merchant' does not verify");
  }

  @Test
  void vote_forgedBallotSignature_unauthenticated() {
    Ledgers.Builder ledger = roomWithOpenProposal();
    SignedEnvelope ballot = GovernanceDocuments.ballot(MERCHANT, ROOM, lastProposal(ledger), Vote.REJECT);
    byte[] signature = ballot.signature();
    signature[5] ^= 0x40;
    SignedEnvelope forged = new SignedEnvelope(ballot.payload(), ballot.signer(), signature);

    assertRefused(ledger, () -> ledger.state.prepareGovernance(forged, NOW), ErrorCode.UNAUTHENTICATED, "does not verify");
  }

  @Test
  void vote_payloadChangedAfterSigning_unauthenticated() {
    Ledgers.Builder ledger = roomWithOpenProposal();
    SignedEnvelope ballot = GovernanceDocuments.ballot(MERCHANT, ROOM, lastProposal(ledger), Vote.REJECT);

    assertRefused(ledger, () -> ledger.state.prepareGovernance(withPayload(ballot, "\"reject\"", "\"accept\""), NOW),
        ErrorCode.UNAUTHENTICATED, "does not verify");
  }

  @Test
  void vote_authorDiffersFromSigner_unauthenticated() {
    Ledgers.Builder ledger = roomWithOpenProposal();
    byte[] payload = GovernanceDocuments.ballot(BANK, ROOM, lastProposal(ledger), Vote.ACCEPT).payload();
    SignedEnvelope envelope = new SignedEnvelope(payload, MERCHANT.party(), MERCHANT.sign(payload));

    assertRefused(ledger, () -> ledger.state.prepareGovernance(envelope, NOW), ErrorCode.UNAUTHENTICATED,
        "authored by 'bank' but the envelope names signer 'merchant'");
  }

  @Test
  void propose_forgedProposalSignature_unauthenticated() {
    Ledgers.Builder ledger = roomWithOpenProposal();
    SignedEnvelope proposal = GovernanceDocuments.proposal(TELCO, ROOM, 1, List.of(new Action.RemoveMember(BANK.party())));
    SignedEnvelope forged = new SignedEnvelope(proposal.payload(), proposal.signer(), OUTSIDER.sign(proposal.payload()));

    assertRefused(ledger, () -> ledger.state.prepareGovernance(forged, NOW), ErrorCode.UNAUTHENTICATED,
        "signature of proposal by 'telco' does not verify");
  }

  @Test
  void propose_sameDocumentReplayed_conflict() {
    Ledgers.Builder ledger = roomWithOpenProposal();
    SignedEnvelope proposal = GovernanceDocuments.proposal(TELCO, ROOM, 1, List.of(new Action.RemoveMember(BANK.party())));
    ledger.submit(proposal);

    assertRefused(ledger, () -> ledger.state.prepareGovernance(proposal, NOW), ErrorCode.CONFLICT, "already submitted");
  }

  @Test
  void withdraw_byOtherMember_forbidden() {
    Ledgers.Builder ledger = roomWithOpenProposal();
    SignedEnvelope withdrawal = GovernanceDocuments.withdrawal(MERCHANT, ROOM, lastProposal(ledger));

    assertRefused(ledger, () -> ledger.state.prepareGovernance(withdrawal, NOW), ErrorCode.FORBIDDEN, "only its proposer 'bank' may");
  }

  @Test
  void propose_staleVersion_conflict() {
    Ledgers.Builder ledger = roomWithOpenProposal();
    SignedEnvelope proposal = GovernanceDocuments.proposal(TELCO, ROOM, 0, List.of(new Action.RemoveMember(BANK.party())));

    assertRefused(ledger, () -> ledger.state.prepareGovernance(proposal, NOW), ErrorCode.CONFLICT, "based on contract version 0");
  }

  @Test
  void propose_beforeFounding_notFound() {
    Ledgers.Builder ledger = new Ledgers.Builder();
    SignedEnvelope proposal = GovernanceDocuments.proposal(BANK, ROOM, 0, List.of(new Action.AcceptMeasurement(MEASUREMENT)));

    assertRefused(ledger, () -> ledger.state.prepareGovernance(proposal, NOW), ErrorCode.NOT_FOUND, "does not exist");
  }

  @Test
  void found_secondFounding_conflict() {
    Ledgers.Builder ledger = roomWithOpenProposal();
    SignedEnvelope founding = GovernanceDocuments.founding(OUTSIDER, ROOM, List.of(new Action.AddMember(OUTSIDER.identity())));

    assertRefused(ledger, () -> ledger.state.prepareGovernance(founding, NOW), ErrorCode.CONFLICT, "already exists");
  }

  @Test
  void found_forgedFoundingSignature_unauthenticated() {
    Ledgers.Builder ledger = new Ledgers.Builder();
    SignedEnvelope founding = GovernanceDocuments.founding(BANK, ROOM,
        List.of(new Action.AddMember(BANK.identity()), new Action.AddMember(MERCHANT.identity())));
    SignedEnvelope forged = new SignedEnvelope(founding.payload(), BANK.party(), MERCHANT.sign(founding.payload()));

    assertRefused(ledger, () -> ledger.state.prepareGovernance(forged, NOW), ErrorCode.UNAUTHENTICATED,
        "signature of founding proposal by 'bank' does not verify");
  }

  @Test
  void participant_pendingRoom_foundersWithTheirFoundingKeys() {
    Ledgers.Builder ledger = new Ledgers.Builder();
    ledger.submit(GovernanceDocuments.founding(BANK, ROOM,
        List.of(new Action.AddMember(BANK.identity()), new Action.AddMember(MERCHANT.identity()))));

    assertThat(ledger.state.governance().orElseThrow().status()).isEqualTo(RoomStatus.PENDING);
    assertThat(ledger.state.participant(MERCHANT.party())).contains(MERCHANT.identity());
    assertThat(ledger.state.participant(OUTSIDER.party())).isEmpty();
  }

  @Test
  void prepareRoot_unregisteredRuntime_refused() {
    Ledgers.Builder ledger = roomWithOpenProposal();

    assertRefused(ledger, () -> ledger.state.prepareRoot(Ledgers.OTHER_RUNTIME, NOW), ErrorCode.INTERNAL, "not registered");
  }

  @Test
  void apply_entriesOfLiveLedger_sameStateAsTheServer() {
    Ledgers.Builder live = Ledgers.standard();
    RoomLedgerState replayed = new RoomLedgerState(ROOM);

    live.entries.forEach(replayed::apply);

    assertThat(replayed.governance()).isEqualTo(live.state.governance());
    assertThat(replayed.tree().rootHash()).isEqualTo(live.state.tree().rootHash());
    assertThat(replayed.rootCount()).isEqualTo(2);
    assertThat(replayed.currentRuntimeKey()).contains(RUNTIME.signingKey().publicKey());
    assertThat(replayed.unsignedEntries()).isZero();
  }

  @Test
  void prepareGovernance_effects_recordStateChangesInOrder() {
    Ledgers.Builder ledger = Ledgers.standard();
    ObjectNode lastBallot = Ledgers.parse(ledger.entry(10));

    assertThat(lastBallot.path("effects").path("proposals").size()).isEqualTo(2);
    assertThat(Json.text(lastBallot.path("effects").path("proposals")))
        .matches("\\{\"[0-9a-f]{64}\":\"accepted\",\"[0-9a-f]{64}\":\"dropped\"}");
    assertThat(lastBallot.path("effects").path("contract_version").asLong()).isEqualTo(2);
    assertThat(lastBallot.path("effects").path("room_status").asText()).isEqualTo("active");
  }
}
