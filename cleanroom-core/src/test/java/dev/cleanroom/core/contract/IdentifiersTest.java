package dev.cleanroom.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.ErrorCode;
import dev.cleanroom.core.governance.ProposalId;
import dev.cleanroom.core.governance.ProposalState;
import dev.cleanroom.core.governance.Vote;
import dev.cleanroom.core.party.PartyId;
import dev.cleanroom.core.party.PublicKeyBytes;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IdentifiersTest {

  @Test
  void partyId_badShapes_invalid() {
    for (String bad : List.of("", "Bank", "1bank", "bank name", "bank/..", "a".repeat(65))) {
      assertThatThrownBy(() -> PartyId.of(bad))
          .as("party name '%s'", bad)
          .isInstanceOfSatisfying(CleanroomException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    }
    assertThat(PartyId.of("a".repeat(64)).value()).hasSize(64);
  }

  @Test
  void roomId_badShape_invalidNamingTheRoom() {
    assertThatThrownBy(() -> RoomId.of("../etc"))
        .isInstanceOf(CleanroomException.class)
        .hasMessageContaining("room name '../etc' is not valid");
  }

  @Test
  void proposalId_notLowerCaseHex64_invalid() {
    assertThatThrownBy(() -> ProposalId.of("A".repeat(64))).isInstanceOf(CleanroomException.class);
    assertThatThrownBy(() -> ProposalId.of("a".repeat(63))).isInstanceOf(CleanroomException.class);
    assertThatThrownBy(() -> ProposalId.of("x".repeat(500)))
        .isInstanceOf(CleanroomException.class)
        .hasMessageContaining("...");
  }

  @Test
  void publicKeyBytes_wrongLengthOrBase64_invalid() {
    assertThatThrownBy(() -> new PublicKeyBytes("AAAA"))
        .isInstanceOf(CleanroomException.class)
        .hasMessageContaining("must be 32 bytes, got 3");
    assertThatThrownBy(() -> new PublicKeyBytes("not base64!"))
        .isInstanceOf(CleanroomException.class)
        .hasMessageContaining("not valid base64");
    byte[] bytes = new byte[32];
    bytes[0] = 7;
    assertThat(PublicKeyBytes.of(bytes).sameAs(bytes)).isTrue();
    assertThat(PublicKeyBytes.of(bytes)).isEqualTo(new PublicKeyBytes(PublicKeyBytes.of(bytes).base64()));
  }

  @Test
  void extension_badKindKeyOrValue_invalid() {
    assertThatThrownBy(() -> new Extension("Dataset", "k", "{}", Set.of())).isInstanceOf(CleanroomException.class)
        .hasMessageContaining("extension kind 'Dataset' is not valid");
    assertThatThrownBy(() -> new Extension("dataset", "", "{}", Set.of())).isInstanceOf(CleanroomException.class);
    assertThatThrownBy(() -> new Extension("dataset", "a\nb", "{}", Set.of())).isInstanceOf(CleanroomException.class);
    String huge = "x".repeat(Extension.MAX_VALUE_CHARS + 1);
    assertThatThrownBy(() -> new Extension("dataset", "k", huge, Set.of()))
        .isInstanceOf(CleanroomException.class)
        .hasMessageContaining("limit " + Extension.MAX_VALUE_CHARS);
  }

  @Test
  void extension_owners_copiedAndSorted() {
    java.util.HashSet<PartyId> owners = new java.util.HashSet<>(Set.of(PartyId.of("zeta"), PartyId.of("alpha")));
    Extension extension = new Extension("dataset", "k", "{}", owners);
    owners.clear();

    assertThat(extension.owners()).containsExactly(PartyId.of("alpha"), PartyId.of("zeta"));
    assertThat(extension.address()).isEqualTo("dataset/k");
  }

  @Test
  void contract_negativeVersion_invalid() {
    assertThatThrownBy(() -> new Contract(RoomId.of("r"), -1, new java.util.TreeMap<>(), new Constitution.Unanimous(),
        new java.util.TreeSet<>(), new java.util.TreeMap<>()))
        .isInstanceOf(CleanroomException.class)
        .hasMessageContaining("version must be >= 0");
  }

  @Test
  void vote_andProposalState_parseWireNames() {
    assertThat(Vote.parse("accept")).isEqualTo(Vote.ACCEPT);
    assertThat(Vote.parse(Vote.REJECT.wireName())).isEqualTo(Vote.REJECT);
    assertThatThrownBy(() -> Vote.parse("ACCEPT")).isInstanceOf(CleanroomException.class);
    for (ProposalState state : ProposalState.values()) {
      assertThat(ProposalState.parse(state.wireName())).isEqualTo(state);
    }
    assertThatThrownBy(() -> ProposalState.parse("pending")).isInstanceOf(CleanroomException.class);
  }
}
