package dev.cleanroom.core.governance;

import static dev.cleanroom.core.governance.Rooms.BANK;
import static dev.cleanroom.core.governance.Rooms.MEASUREMENT;
import static dev.cleanroom.core.governance.Rooms.MERCHANT;
import static dev.cleanroom.core.governance.Rooms.OUTSIDER;
import static dev.cleanroom.core.governance.Rooms.newId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.ErrorCode;
import dev.cleanroom.core.contract.Action;
import dev.cleanroom.core.contract.Constitution;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProposalValidationTest {

  @Test
  void propose_severalBadActions_everyErrorWithItsPosition() {
    RoomState state = Rooms.active(new Constitution.Unanimous(), BANK, MERCHANT);
    List<Action> actions = List.of(
        new Action.RemoveMember(OUTSIDER),
        new Action.RevokeMeasurement(MEASUREMENT),
        new Action.RemoveExtension("dataset", "missing"));

    assertThatThrownBy(() -> state.propose(newId(), BANK, 1, actions))
        .isInstanceOfSatisfying(CleanroomException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
        .hasMessageContaining("action 0 (remove_member): party 'outsider' is not a member")
        .hasMessageContaining("action 1 (revoke_measurement): measurement " + MEASUREMENT + " is not accepted")
        .hasMessageContaining("action 2 (remove_extension): dataset/missing is not in the contract");
  }

  @Test
  void propose_laterActionSeesEarlierOnes_newMemberMayJoinAndVoteLater() {
    RoomState state = Rooms.active(new Constitution.Unanimous(), BANK, MERCHANT);
    ProposalId join = newId();
    state = state.propose(join, BANK, 1, List.of(Rooms.addMember(OUTSIDER), new Action.SetConstitution(new Constitution.Majority())))
        .state().vote(join, BANK, Vote.ACCEPT).state().vote(join, MERCHANT, Vote.ACCEPT).state();

    ProposalId declare = newId();
    state = state.propose(declare, OUTSIDER, 2, List.of(Rooms.dataset("leads", OUTSIDER))).state();

    assertThat(Resolution.eligibleVoters(state.contract(), state.proposal(declare).orElseThrow())).contains(OUTSIDER);
  }

  @Test
  void propose_newMemberOwningDataInSameProposal_refusedAsItCouldNeverBeAccepted() {
    RoomState state = Rooms.active(new Constitution.Unanimous(), BANK, MERCHANT);
    List<Action> actions = List.of(Rooms.addMember(OUTSIDER), Rooms.dataset("leads", OUTSIDER));

    assertThatThrownBy(() -> state.propose(newId(), BANK, 1, actions))
        .isInstanceOfSatisfying(CleanroomException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
        .hasMessageContaining("data owner 'outsider' is not yet a member and could never accept it");
  }

  @Test
  void propose_laterActionSeesEarlierOnes_removedMemberMayNotOwnData() {
    RoomState state = Rooms.active(new Constitution.Unanimous(), BANK, MERCHANT);
    List<Action> actions = List.of(new Action.RemoveMember(MERCHANT), Rooms.dataset("leads", MERCHANT));

    assertThatThrownBy(() -> state.propose(newId(), BANK, 1, actions))
        .isInstanceOf(CleanroomException.class)
        .hasMessageContaining("action 1 (set_extension): owner 'merchant' of dataset/leads is not a member");
  }

  @Test
  void propose_acceptMeasurementTwiceInOneProposal_secondRefused() {
    RoomState state = Rooms.active(new Constitution.Unanimous(), BANK, MERCHANT);
    List<Action> actions = List.of(new Action.AcceptMeasurement(MEASUREMENT), new Action.AcceptMeasurement(MEASUREMENT));

    assertThatThrownBy(() -> state.propose(newId(), BANK, 1, actions))
        .isInstanceOf(CleanroomException.class)
        .hasMessageContaining("action 1 (accept_measurement)")
        .hasMessageNotContaining("action 0");
  }

  @Test
  void propose_refused_leavesStateUnchanged() {
    RoomState state = Rooms.active(new Constitution.Unanimous(), BANK, MERCHANT);

    assertThatThrownBy(() -> state.propose(newId(), BANK, 1, List.of(new Action.RemoveMember(OUTSIDER))))
        .isInstanceOf(CleanroomException.class);
    assertThat(state.proposals()).hasSize(1);
  }

  @Test
  void dataOwnersTouched_judgedAgainstContractAsEarlierActionsLeaveIt() {
    RoomState state = Rooms.activeWithDataset(new Constitution.Unanimous(), BANK, BANK, MERCHANT);
    // Removing the entry and setting it again with a new owner touches the old owner through the removal.
    Proposal proposal = Proposal.open(newId(), BANK, 2,
        List.of(new Action.RemoveExtension("dataset", "customers"), Rooms.dataset("customers", MERCHANT)), false);

    assertThat(Resolution.dataOwnersTouched(state.contract(), proposal)).containsExactly(BANK, MERCHANT);
  }
}
