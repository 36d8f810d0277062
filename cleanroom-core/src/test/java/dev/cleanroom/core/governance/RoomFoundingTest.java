package dev.cleanroom.core.governance;

import static dev.cleanroom.core.governance.Rooms.BANK;
import static dev.cleanroom.core.governance.Rooms.MEASUREMENT;
import static dev.cleanroom.core.governance.Rooms.MERCHANT;
import static dev.cleanroom.core.governance.Rooms.OUTSIDER;
import static dev.cleanroom.core.governance.Rooms.ROOM;
import static dev.cleanroom.core.governance.Rooms.TELCO;
import static dev.cleanroom.core.governance.Rooms.addMember;
import static dev.cleanroom.core.governance.Rooms.newId;
import static dev.cleanroom.core.governance.Rooms.stateOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.ErrorCode;
import dev.cleanroom.core.contract.Action;
import dev.cleanroom.core.contract.Constitution;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoomFoundingTest {

  @Test
  void found_validFounding_isPendingWithOneOpenProposal() {
    ProposalId founding = newId();
    Outcome outcome = RoomState.found(ROOM, founding, BANK, List.of(addMember(BANK), addMember(MERCHANT)));

    assertThat(outcome.state().status()).isEqualTo(RoomStatus.PENDING);
    assertThat(outcome.changes()).containsExactly(java.util.Map.entry(founding, ProposalState.OPEN));
    assertThat(outcome.contractVersion()).isZero();
    assertThat(outcome.state().participants()).containsExactlyInAnyOrder(BANK, MERCHANT);
    assertThat(outcome.state().contract().members()).isEmpty();
  }

  @Test
  void vote_lastFounderAccepts_roomActiveAtVersionOneWithDefaultUnanimous() {
    ProposalId founding = newId();
    RoomState state = RoomState.found(ROOM, founding, BANK, List.of(addMember(BANK), addMember(MERCHANT))).state();

    state = state.vote(founding, BANK, Vote.ACCEPT).state();
    assertThat(state.status()).isEqualTo(RoomStatus.PENDING);
    assertThat(stateOf(state, founding)).isEqualTo(ProposalState.OPEN);

    Outcome last = state.vote(founding, MERCHANT, Vote.ACCEPT);
    assertThat(last.state().status()).isEqualTo(RoomStatus.ACTIVE);
    assertThat(last.changes()).containsExactly(java.util.Map.entry(founding, ProposalState.ACCEPTED));
    assertThat(last.contractVersion()).isEqualTo(1);
    assertThat(last.state().contract().members()).containsOnlyKeys(BANK, MERCHANT);
    assertThat(last.state().contract().constitution()).isEqualTo(new Constitution.Unanimous());
  }

  @Test
  void vote_foundingWithMajorityConstitution_stillNeedsEveryFounder() {
    ProposalId founding = newId();
    RoomState state = Rooms.pending(founding, List.of(BANK, MERCHANT, TELCO), new Constitution.Majority());

    state = state.vote(founding, BANK, Vote.ACCEPT).state().vote(founding, MERCHANT, Vote.ACCEPT).state();

    assertThat(state.status()).isEqualTo(RoomStatus.PENDING);
    state = state.vote(founding, TELCO, Vote.ACCEPT).state();
    assertThat(state.status()).isEqualTo(RoomStatus.ACTIVE);
    assertThat(state.contract().constitution()).isEqualTo(new Constitution.Majority());
  }

  @Test
  void vote_founderRejects_roomClosed() {
    ProposalId founding = newId();
    RoomState state = Rooms.pending(founding, List.of(BANK, MERCHANT, TELCO), new Constitution.Majority());
    state = state.vote(founding, BANK, Vote.ACCEPT).state();

    Outcome outcome = state.vote(founding, TELCO, Vote.REJECT);

    assertThat(outcome.state().status()).isEqualTo(RoomStatus.CLOSED);
    assertThat(outcome.changes()).containsExactly(java.util.Map.entry(founding, ProposalState.REJECTED));
    assertThatThrownBy(() -> outcome.state().vote(founding, MERCHANT, Vote.ACCEPT))
        .isInstanceOf(CleanroomException.class)
        .hasMessageContaining("is rejected, not open");
  }

  @Test
  void propose_whilePending_refused() {
    ProposalId founding = newId();
    RoomState state = Rooms.pending(founding, List.of(BANK, MERCHANT), new Constitution.Unanimous());
    RoomState halfAccepted = state.vote(founding, BANK, Vote.ACCEPT).state();

    assertThatThrownBy(() -> halfAccepted.propose(newId(), BANK, 0, List.of(new Action.AcceptMeasurement(MEASUREMENT))))
        .isInstanceOfSatisfying(CleanroomException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT))
        .hasMessageContaining("is pending")
        .hasMessageContaining("every founding member");
  }

  @Test
  void propose_inClosedRoom_refused() {
    ProposalId founding = newId();
    RoomState closed = Rooms.pending(founding, List.of(BANK, MERCHANT), new Constitution.Unanimous())
        .vote(founding, MERCHANT, Vote.REJECT).state();

    assertThatThrownBy(() -> closed.propose(newId(), BANK, 0, List.of(new Action.AcceptMeasurement(MEASUREMENT))))
        .isInstanceOfSatisfying(CleanroomException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT))
        .hasMessageContaining("is closed");
  }

  @Test
  void vote_nonFounderOnFounding_forbidden() {
    ProposalId founding = newId();
    RoomState state = Rooms.pending(founding, List.of(BANK, MERCHANT), new Constitution.Unanimous());

    assertThatThrownBy(() -> state.vote(founding, OUTSIDER, Vote.ACCEPT))
        .isInstanceOfSatisfying(CleanroomException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN))
        .hasMessageContaining("'outsider'");
  }

  @Test
  void found_proposerNotAFounder_invalid() {
    assertThatThrownBy(() -> RoomState.found(ROOM, newId(), OUTSIDER, List.of(addMember(BANK), addMember(MERCHANT))))
        .isInstanceOfSatisfying(CleanroomException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
        .hasMessageContaining("the proposer 'outsider' must be one of the founding members");
  }

  @Test
  void found_otherActions_refusedWithPosition() {
    List<Action> actions = List.of(addMember(BANK), new Action.AcceptMeasurement(MEASUREMENT));

    assertThatThrownBy(() -> RoomState.found(ROOM, newId(), BANK, actions))
        .isInstanceOf(CleanroomException.class)
        .hasMessageContaining("action 1 (accept_measurement): a founding proposal may only add members and set the constitution");
  }

  @Test
  void found_noActions_refused() {
    assertThatThrownBy(() -> RoomState.found(ROOM, newId(), BANK, List.of()))
        .isInstanceOf(CleanroomException.class)
        .hasMessageContaining("has no actions");
  }

  @Test
  void found_sameFounderTwice_refused() {
    assertThatThrownBy(() -> RoomState.found(ROOM, newId(), BANK, List.of(addMember(BANK), addMember(BANK))))
        .isInstanceOf(CleanroomException.class)
        .hasMessageContaining("action 1 (add_member): party 'bank' is already a member");
  }

  @Test
  void found_twoFoundersSharingASigningKey_refused() {
    var bank = Rooms.identity(BANK);
    var impostor = new dev.cleanroom.core.party.PartyIdentity(MERCHANT, bank.signingKey(), Rooms.identity(MERCHANT).sealingKey());

    assertThatThrownBy(() -> RoomState.found(ROOM, newId(), BANK, List.of(new Action.AddMember(bank), new Action.AddMember(impostor))))
        .isInstanceOf(CleanroomException.class)
        .hasMessageContaining("signing key of 'merchant' is already used by member 'bank'");
  }

  @Test
  void withdraw_foundingByProposer_withdrawnAndTakesNoMoreBallots() {
    ProposalId founding = newId();
    RoomState state = Rooms.pending(founding, List.of(BANK, MERCHANT), new Constitution.Unanimous());

    Outcome outcome = state.withdraw(founding, BANK);

    assertThat(stateOf(outcome.state(), founding)).isEqualTo(ProposalState.WITHDRAWN);
    assertThat(outcome.changes()).containsExactly(java.util.Map.entry(founding, ProposalState.WITHDRAWN));
    assertThatThrownBy(() -> outcome.state().vote(founding, MERCHANT, Vote.ACCEPT))
        .isInstanceOfSatisfying(CleanroomException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT))
        .hasMessageContaining("is withdrawn, not open");
  }
}
