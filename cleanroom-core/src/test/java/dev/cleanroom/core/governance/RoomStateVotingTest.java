package dev.cleanroom.core.governance;

import static dev.cleanroom.core.governance.Rooms.BANK;
import static dev.cleanroom.core.governance.Rooms.MEASUREMENT;
import static dev.cleanroom.core.governance.Rooms.MERCHANT;
import static dev.cleanroom.core.governance.Rooms.OUTSIDER;
import static dev.cleanroom.core.governance.Rooms.TELCO;
import static dev.cleanroom.core.governance.Rooms.newId;
import static dev.cleanroom.core.governance.Rooms.stateOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.ErrorCode;
import dev.cleanroom.core.contract.Action;
import dev.cleanroom.core.contract.Constitution;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoomStateVotingTest {
  private static final List<Action> MEASURE = List.of(new Action.AcceptMeasurement(MEASUREMENT));

  private static RoomState propose(RoomState state, ProposalId id, List<Action> actions) {
    return state.propose(id, BANK, state.contract().version(), actions).state();
  }

  @Test
  void vote_unanimousAllAccept_acceptedAndApplied() {
    RoomState state = Rooms.active(new Constitution.Unanimous(), BANK, MERCHANT, TELCO);
    ProposalId id = newId();
    state = propose(state, id, MEASURE);

    state = state.vote(id, BANK, Vote.ACCEPT).state().vote(id, MERCHANT, Vote.ACCEPT).state();
    assertThat(stateOf(state, id)).isEqualTo(ProposalState.OPEN);
    assertThat(state.contract().acceptedMeasurements()).isEmpty();

    Outcome last = state.vote(id, TELCO, Vote.ACCEPT);
    assertThat(last.changes()).containsExactly(Map.entry(id, ProposalState.ACCEPTED));
    assertThat(last.state().contract().acceptedMeasurements()).containsExactly(MEASUREMENT);
    assertThat(last.contractVersion()).isEqualTo(2);
  }

  @Test
  void vote_unanimousOneRejection_rejectedAndContractUnchanged() {
    RoomState state = Rooms.active(new Constitution.Unanimous(), BANK, MERCHANT, TELCO);
    ProposalId id = newId();
    state = propose(state, id, MEASURE).vote(id, BANK, Vote.ACCEPT).state();

    Outcome outcome = state.vote(id, MERCHANT, Vote.REJECT);

    assertThat(outcome.changes()).containsExactly(Map.entry(id, ProposalState.REJECTED));
    assertThat(outcome.state().contract()).isEqualTo(state.contract());
    assertThat(outcome.state().status()).isEqualTo(RoomStatus.ACTIVE);
  }

  @Test
  void vote_majorityTwoOfThree_accepted() {
    RoomState state = Rooms.active(new Constitution.Majority(), BANK, MERCHANT, TELCO);
    ProposalId id = newId();
    state = propose(state, id, List.of(new Action.RemoveMember(TELCO))).vote(id, TELCO, Vote.REJECT).state();
    assertThat(stateOf(state, id)).isEqualTo(ProposalState.OPEN);

    state = state.vote(id, BANK, Vote.ACCEPT).state().vote(id, MERCHANT, Vote.ACCEPT).state();

    assertThat(stateOf(state, id)).isEqualTo(ProposalState.ACCEPTED);
    assertThat(state.contract().members()).containsOnlyKeys(BANK, MERCHANT);
  }

  @Test
  void vote_majorityHalfRejects_rejected() {
    RoomState state = Rooms.active(new Constitution.Majority(), BANK, MERCHANT);
    ProposalId id = newId();
    state = propose(state, id, MEASURE);

    // With two members a majority needs both, so one rejection already makes acceptance impossible.
    assertThat(stateOf(state.vote(id, MERCHANT, Vote.REJECT).state(), id)).isEqualTo(ProposalState.REJECTED);
  }

  @Test
  void vote_majorityTouchingOwnersDataset_needsOwnerEvenWithMajority() {
    RoomState state = Rooms.activeWithDataset(new Constitution.Majority(), TELCO, BANK, MERCHANT, TELCO);
    ProposalId id = newId();
    state = propose(state, id, List.of(Rooms.dataset("customers", TELCO, BANK)));

    state = state.vote(id, BANK, Vote.ACCEPT).state().vote(id, MERCHANT, Vote.ACCEPT).state();
    assertThat(stateOf(state, id)).as("a majority without the owner").isEqualTo(ProposalState.OPEN);

    state = state.vote(id, TELCO, Vote.ACCEPT).state();
    assertThat(stateOf(state, id)).isEqualTo(ProposalState.ACCEPTED);
    assertThat(state.contract().extension("dataset", "customers").orElseThrow().owners()).containsExactly(BANK, TELCO);
  }

  @Test
  void vote_majorityOwnerRejects_rejectedDespiteOthers() {
    RoomState state = Rooms.activeWithDataset(new Constitution.Majority(), TELCO, BANK, MERCHANT, TELCO);
    ProposalId id = newId();
    state = propose(state, id, List.of(new Action.RemoveExtension("dataset", "customers")))
        .vote(id, BANK, Vote.ACCEPT).state();

    Outcome outcome = state.vote(id, TELCO, Vote.REJECT);

    assertThat(outcome.changes()).containsExactly(Map.entry(id, ProposalState.REJECTED));
  }

  @Test
  void vote_majorityAcceptMeasurement_needsEveryDataOwner() {
    RoomState state = Rooms.activeWithDataset(new Constitution.Majority(), MERCHANT, BANK, MERCHANT, TELCO);
    ProposalId id = newId();
    state = propose(state, id, MEASURE);

    state = state.vote(id, BANK, Vote.ACCEPT).state().vote(id, TELCO, Vote.ACCEPT).state();

    assertThat(stateOf(state, id)).isEqualTo(ProposalState.OPEN);
    assertThat(stateOf(state.vote(id, MERCHANT, Vote.ACCEPT).state(), id)).isEqualTo(ProposalState.ACCEPTED);
  }

  @Test
  void propose_staleBaseVersion_conflict() {
    RoomState state = Rooms.active(new Constitution.Unanimous(), BANK, MERCHANT);

    assertThatThrownBy(() -> state.propose(newId(), BANK, 0, MEASURE))
        .isInstanceOfSatisfying(CleanroomException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT))
        .hasMessageContaining("based on contract version 0 but version 1 is in force");
  }

  @Test
  void propose_sameIdTwice_conflict() {
    RoomState state = Rooms.active(new Constitution.Unanimous(), BANK, MERCHANT);
    ProposalId id = newId();
    RoomState proposed = propose(state, id, MEASURE);

    assertThatThrownBy(() -> propose(proposed, id, MEASURE))
        .isInstanceOfSatisfying(CleanroomException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT))
        .hasMessageContaining("already submitted");
  }

  @Test
  void propose_nonMember_forbidden() {
    RoomState state = Rooms.active(new Constitution.Unanimous(), BANK, MERCHANT);

    assertThatThrownBy(() -> state.propose(newId(), OUTSIDER, 1, MEASURE))
        .isInstanceOfSatisfying(CleanroomException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN))
        .hasMessageContaining("party 'outsider' may not propose");
  }

  @Test
  void propose_noActions_invalid() {
    RoomState state = Rooms.active(new Constitution.Unanimous(), BANK, MERCHANT);

    assertThatThrownBy(() -> state.propose(newId(), BANK, 1, List.of()))
        .isInstanceOfSatisfying(CleanroomException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
        .hasMessageContaining("has no actions");
  }

  @Test
  void vote_nonMember_forbidden() {
    RoomState state = Rooms.active(new Constitution.Unanimous(), BANK, MERCHANT);
    ProposalId id = newId();
    RoomState proposed = propose(state, id, MEASURE);

    assertThatThrownBy(() -> proposed.vote(id, OUTSIDER, Vote.ACCEPT))
        .isInstanceOfSatisfying(CleanroomException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN))
        .hasMessageContaining("not a member");
  }

  @Test
  void vote_twice_conflictAndBallotUnchanged() {
    RoomState state = Rooms.active(new Constitution.Unanimous(), BANK, MERCHANT);
    ProposalId id = newId();
    RoomState voted = propose(state, id, MEASURE).vote(id, BANK, Vote.ACCEPT).state();

    assertThatThrownBy(() -> voted.vote(id, BANK, Vote.REJECT))
        .isInstanceOfSatisfying(CleanroomException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT))
        .hasMessageContaining("already voted");
    assertThat(voted.proposal(id).orElseThrow().ballots()).containsExactly(Map.entry(BANK, Vote.ACCEPT));
  }

  @Test
  void vote_onAcceptedProposal_conflict() {
    RoomState state = Rooms.active(new Constitution.Majority(), BANK, MERCHANT, TELCO);
    ProposalId id = newId();
    RoomState accepted = propose(state, id, MEASURE).vote(id, BANK, Vote.ACCEPT).state().vote(id, MERCHANT, Vote.ACCEPT).state();

    assertThatThrownBy(() -> accepted.vote(id, TELCO, Vote.REJECT))
        .isInstanceOfSatisfying(CleanroomException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT))
        .hasMessageContaining("is accepted, not open");
  }

  @Test
  void vote_unknownProposal_notFound() {
    RoomState state = Rooms.active(new Constitution.Unanimous(), BANK, MERCHANT);

    assertThatThrownBy(() -> state.vote(newId(), BANK, Vote.ACCEPT))
        .isInstanceOfSatisfying(CleanroomException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
  }

  @Test
  void vote_setConstitutionAccepted_dropsOtherOpenProposals() {
    RoomState state = Rooms.active(new Constitution.Unanimous(), BANK, MERCHANT);
    ProposalId first = newId();
    ProposalId constitution = newId();
    ProposalId last = newId();
    state = propose(state, first, MEASURE);
    state = propose(state, constitution, List.of(new Action.SetConstitution(new Constitution.Majority())));
    state = propose(state, last, List.of(new Action.RemoveMember(MERCHANT)));
    state = state.withdraw(last, BANK).state();

    state = state.vote(constitution, BANK, Vote.ACCEPT).state();
    Outcome outcome = state.vote(constitution, MERCHANT, Vote.ACCEPT);

    assertThat(outcome.changes()).containsExactly(
        Map.entry(constitution, ProposalState.ACCEPTED), Map.entry(first, ProposalState.DROPPED));
    assertThat(stateOf(outcome.state(), last)).as("a final state is kept").isEqualTo(ProposalState.WITHDRAWN);
    assertThat(outcome.state().contract().constitution()).isEqualTo(new Constitution.Majority());
    assertThat(outcome.state().proposals()).hasSize(4);
  }

  @Test
  void withdraw_byProposer_withdrawn() {
    RoomState state = Rooms.active(new Constitution.Unanimous(), BANK, MERCHANT);
    ProposalId id = newId();
    state = propose(state, id, MEASURE).vote(id, MERCHANT, Vote.ACCEPT).state();

    Outcome outcome = state.withdraw(id, BANK);

    assertThat(outcome.changes()).containsExactly(Map.entry(id, ProposalState.WITHDRAWN));
    assertThat(outcome.state().contract()).isEqualTo(state.contract());
  }

  @Test
  void withdraw_byOtherMember_forbidden() {
    RoomState state = Rooms.active(new Constitution.Unanimous(), BANK, MERCHANT);
    ProposalId id = newId();
    RoomState proposed = propose(state, id, MEASURE);

    assertThatThrownBy(() -> proposed.withdraw(id, MERCHANT))
        .isInstanceOfSatisfying(CleanroomException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN))
        .hasMessageContaining("only its proposer 'bank' may");
  }

  @Test
  void withdraw_closedProposal_conflict() {
    RoomState state = Rooms.active(new Constitution.Unanimous(), BANK, MERCHANT);
    ProposalId id = newId();
    RoomState rejected = propose(state, id, MEASURE).vote(id, MERCHANT, Vote.REJECT).state();

    assertThatThrownBy(() -> rejected.withdraw(id, BANK))
        .isInstanceOfSatisfying(CleanroomException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT))
        .hasMessageContaining("is rejected, not open");
  }

  @Test
  void vote_removedMember_mayNoLongerVote() {
    RoomState state = Rooms.active(new Constitution.Majority(), BANK, MERCHANT, TELCO);
    ProposalId removal = newId();
    state = propose(state, removal, List.of(new Action.RemoveMember(TELCO)))
        .vote(removal, BANK, Vote.ACCEPT).state().vote(removal, MERCHANT, Vote.ACCEPT).state();
    ProposalId next = newId();
    RoomState proposed = propose(state, next, MEASURE);

    assertThat(proposed.participants()).containsExactlyInAnyOrder(BANK, MERCHANT);
    assertThatThrownBy(() -> proposed.vote(next, TELCO, Vote.ACCEPT))
        .isInstanceOfSatisfying(CleanroomException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
  }
}
