package dev.cleanroom.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.ErrorCode;
import dev.cleanroom.core.party.PartyId;
import dev.cleanroom.core.party.PartyIdentity;
import dev.cleanroom.core.party.PublicKeyBytes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ActionTest {
  private static final RoomId ROOM = RoomId.of("offers");
  private static final PartyId BANK = PartyId.of("bank");
  private static final PartyId MERCHANT = PartyId.of("merchant");
  private static final PartyId OUTSIDER = PartyId.of("outsider");
  private static final String MEASUREMENT = "0123456789abcdef".repeat(4);

  private static PublicKeyBytes key(int fill) {
    byte[] bytes = new byte[32];
    Arrays.fill(bytes, (byte) fill);
    return PublicKeyBytes.of(bytes);
  }

  private static PartyIdentity identity(PartyId party, int fill) {
    return new PartyIdentity(party, key(fill), key(fill + 100));
  }

  private static Extension dataset(String key, PartyId... owners) {
    return new Extension("dataset", key, "{}", Set.of(owners));
  }

  /** bank and merchant are members; bank owns dataset/customers. */
  private static Contract contract() {
    return Contract.empty(ROOM)
        .withMember(identity(BANK, 1))
        .withMember(identity(MERCHANT, 2))
        .withExtension(dataset("customers", BANK));
  }

  private static List<String> errors(Action action, Contract contract) {
    List<String> errors = new ArrayList<>();
    action.validate(contract, "action 3 (" + action.name() + ")", errors);
    return errors;
  }

  @Test
  void addMember_alreadyMember_error() {
    assertThat(errors(new Action.AddMember(identity(BANK, 9)), contract()))
        .containsExactly("action 3 (add_member): party 'bank' is already a member");
  }

  @Test
  void addMember_signingKeyOfAnotherMember_error() {
    assertThat(errors(new Action.AddMember(identity(OUTSIDER, 1)), contract()))
        .containsExactly("action 3 (add_member): signing key of 'outsider' is already used by member 'bank'");
  }

  @Test
  void addMember_newParty_addedWithoutTouchingData() {
    Action add = new Action.AddMember(identity(OUTSIDER, 7));

    assertThat(errors(add, contract())).isEmpty();
    assertThat(add.dataOwnersTouched(contract())).isEmpty();
    assertThat(add.apply(contract()).member(OUTSIDER)).contains(identity(OUTSIDER, 7));
  }

  @Test
  void removeMember_unknownParty_error() {
    assertThat(errors(new Action.RemoveMember(OUTSIDER), contract()))
        .containsExactly("action 3 (remove_member): party 'outsider' is not a member");
  }

  @Test
  void removeMember_lastMember_error() {
    Contract alone = Contract.empty(ROOM).withMember(identity(MERCHANT, 2));

    assertThat(errors(new Action.RemoveMember(MERCHANT), alone))
        .containsExactly("action 3 (remove_member): party 'merchant' is the last member; a room cannot be left empty");
  }

  @Test
  void removeMember_ownerOfData_error() {
    assertThat(errors(new Action.RemoveMember(BANK), contract()))
        .containsExactly("action 3 (remove_member): party 'bank' still owns dataset/customers; remove it first");
  }

  @Test
  void removeMember_memberWithoutData_removed() {
    Action remove = new Action.RemoveMember(MERCHANT);

    assertThat(errors(remove, contract())).isEmpty();
    assertThat(remove.apply(contract()).isMember(MERCHANT)).isFalse();
  }

  @Test
  void acceptMeasurement_malformed_invalid() {
    for (String bad : List.of("", "ABCDEF".repeat(11).substring(0, 64), "a".repeat(63), "a".repeat(65), "g".repeat(64))) {
      assertThatThrownBy(() -> new Action.AcceptMeasurement(bad))
          .as("measurement '%s'", bad)
          .isInstanceOfSatisfying(CleanroomException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
          .hasMessageContaining("64 or 96 lower-case hex characters");
    }
    assertThat(new Action.AcceptMeasurement("b".repeat(96)).measurement()).hasSize(96);
  }

  @Test
  void acceptMeasurement_alreadyAccepted_error() {
    Contract accepted = contract().withMeasurement(MEASUREMENT, true);

    assertThat(errors(new Action.AcceptMeasurement(MEASUREMENT), accepted))
        .containsExactly("action 3 (accept_measurement): measurement " + MEASUREMENT + " is already accepted");
  }

  @Test
  void acceptMeasurement_touchesEveryDataOwner() {
    Contract contract = contract().withExtension(new Extension("policy", "p", "1", Set.of(MERCHANT)));

    assertThat(new Action.AcceptMeasurement(MEASUREMENT).dataOwnersTouched(contract)).containsExactly(BANK, MERCHANT);
  }

  @Test
  void revokeMeasurement_notAccepted_error() {
    assertThat(errors(new Action.RevokeMeasurement(MEASUREMENT), contract()))
        .containsExactly("action 3 (revoke_measurement): measurement " + MEASUREMENT + " is not accepted");
  }

  @Test
  void revokeMeasurement_accepted_removedWithoutTouchingData() {
    Contract accepted = contract().withMeasurement(MEASUREMENT, true);
    Action revoke = new Action.RevokeMeasurement(MEASUREMENT);

    assertThat(errors(revoke, accepted)).isEmpty();
    assertThat(revoke.dataOwnersTouched(accepted)).isEmpty();
    assertThat(revoke.apply(accepted).acceptedMeasurements()).isEmpty();
  }

  @Test
  void setExtension_ownerNotMember_errorForEachOwner() {
    Action set = new Action.SetExtension(dataset("leads", OUTSIDER, PartyId.of("stranger")));

    assertThat(errors(set, contract())).containsExactly(
        "action 3 (set_extension): owner 'outsider' of dataset/leads is not a member",
        "action 3 (set_extension): owner 'stranger' of dataset/leads is not a member");
  }

  @Test
  void setExtension_replacingEntry_touchesOldAndNewOwners() {
    Action set = new Action.SetExtension(dataset("customers", MERCHANT));

    assertThat(errors(set, contract())).isEmpty();
    assertThat(set.dataOwnersTouched(contract())).containsExactly(BANK, MERCHANT);
    assertThat(set.apply(contract()).extension("dataset", "customers").orElseThrow().owners()).containsExactly(MERCHANT);
  }

  @Test
  void removeExtension_unknownEntry_error() {
    assertThat(errors(new Action.RemoveExtension("dataset", "leads"), contract()))
        .containsExactly("action 3 (remove_extension): dataset/leads is not in the contract");
  }

  @Test
  void removeExtension_existing_touchesItsOwners() {
    Action remove = new Action.RemoveExtension("dataset", "customers");

    assertThat(remove.dataOwnersTouched(contract())).containsExactly(BANK);
    assertThat(remove.apply(contract()).extensions()).isEmpty();
  }

  @Test
  void setConstitution_alwaysValid_replacesRule() {
    Action set = new Action.SetConstitution(new Constitution.Majority());

    assertThat(errors(set, contract())).isEmpty();
    assertThat(set.apply(contract()).constitution().rule()).isEqualTo("majority");
  }

  @Test
  void apply_neverChangesVersion_onlyAcceptanceDoes() {
    Contract contract = contract();

    assertThat(new Action.RemoveMember(MERCHANT).apply(contract).version()).isEqualTo(contract.version());
    assertThat(contract.withNextVersion().version()).isEqualTo(contract.version() + 1);
  }

  @Test
  void constitution_rules_countAsDocumented() {
    Constitution unanimous = new Constitution.Unanimous();
    Constitution majority = new Constitution.Majority();

    assertThat(unanimous.accepted(3, 2)).isFalse();
    assertThat(unanimous.accepted(3, 3)).isTrue();
    assertThat(unanimous.rejected(3, 1)).isTrue();
    assertThat(majority.accepted(4, 2)).isFalse();
    assertThat(majority.accepted(4, 3)).isTrue();
    assertThat(majority.rejected(4, 1)).isFalse();
    assertThat(majority.rejected(4, 2)).isTrue();
    assertThat(majority.rejected(5, 2)).isFalse();
    assertThat(majority.rejected(5, 3)).isTrue();
  }

  @Test
  void constitution_parseUnknownRule_invalid() {
    assertThat(Constitution.parse("unanimous")).isEqualTo(new Constitution.Unanimous());
    assertThat(Constitution.parse("majority")).isEqualTo(new Constitution.Majority());
    assertThatThrownBy(() -> Constitution.parse("dictator"))
        .isInstanceOf(CleanroomException.class)
        .hasMessageContaining("constitution rule 'dictator' is unknown");
  }

  @Test
  void contract_emptyRoom_versionZeroUnanimous() {
    Contract empty = Contract.empty(ROOM);

    assertThat(empty.version()).isZero();
    assertThat(empty.constitution()).isEqualTo(new Constitution.Unanimous());
    assertThat(empty.members()).isEmpty();
  }
}
