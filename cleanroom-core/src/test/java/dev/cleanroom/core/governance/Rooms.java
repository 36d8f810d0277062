package dev.cleanroom.core.governance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cleanroom.core.contract.Action;
import dev.cleanroom.core.contract.Constitution;
import dev.cleanroom.core.contract.Extension;
import dev.cleanroom.core.contract.RoomId;
import dev.cleanroom.core.party.PartyId;
import dev.cleanroom.core.party.PartyIdentity;
import dev.cleanroom.core.party.PublicKeyBytes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Builds rooms for governance tests. The core never checks signatures, so identities carry fixed, distinct key
 * bytes instead of real keys.
 */
final class Rooms {
  static final RoomId ROOM = RoomId.of("offers");
  static final PartyId BANK = PartyId.of("bank");
  static final PartyId MERCHANT = PartyId.of("merchant");
  static final PartyId TELCO = PartyId.of("telco");
  static final PartyId OUTSIDER = PartyId.of("outsider");
  static final String MEASUREMENT = "a".repeat(64);

  private static final AtomicLong NEXT_ID = new AtomicLong(1);

  private Rooms() {}

  static PartyId party(int index) {
    return PartyId.of("party" + index);
  }

  /** An identity whose keys are 32 bytes derived from the name, distinct for distinct names. */
  static PartyIdentity identity(PartyId party) {
    byte[] signing = new byte[PublicKeyBytes.LENGTH];
    byte[] sealing = new byte[PublicKeyBytes.LENGTH];
    byte[] name = party.value().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    System.arraycopy(name, 0, signing, 0, Math.min(name.length, 31));
    System.arraycopy(name, 0, sealing, 0, Math.min(name.length, 31));
    signing[31] = 1;
    sealing[31] = 2;
    return new PartyIdentity(party, PublicKeyBytes.of(signing), PublicKeyBytes.of(sealing));
  }

  static Action addMember(PartyId party) {
    return new Action.AddMember(identity(party));
  }

  static Action dataset(String key, PartyId... owners) {
    return new Action.SetExtension(new Extension("dataset", key, "{\"rows\":10}", Set.of(owners)));
  }

  /** A fresh proposal id; ids only need to be distinct within a test. */
  static ProposalId newId() {
    return ProposalId.of(String.format("%064x", NEXT_ID.getAndIncrement()));
  }

  /** A pending room founded by the first of {@code founders}. */
  static RoomState pending(ProposalId founding, List<PartyId> founders, Constitution constitution) {
    List<Action> actions = new ArrayList<>();
    founders.forEach(f -> actions.add(addMember(f)));
    actions.add(new Action.SetConstitution(constitution));
    return RoomState.found(ROOM, founding, founders.get(0), actions).state();
  }

  /** An active room (contract version 1) whose founders all accepted. */
  static RoomState active(Constitution constitution, PartyId... founders) {
    ProposalId founding = newId();
    RoomState state = pending(founding, Arrays.asList(founders), constitution);
    for (PartyId founder : founders) {
      state = state.vote(founding, founder, Vote.ACCEPT).state();
    }
    assertThat(state.status()).isEqualTo(RoomStatus.ACTIVE);
    return state;
  }

  /** An active room in which {@code owner} owns the dataset {@code customers}, at contract version 2. */
  static RoomState activeWithDataset(Constitution constitution, PartyId owner, PartyId... founders) {
    RoomState state = active(constitution, founders);
    ProposalId id = newId();
    state = state.propose(id, founders[0], state.contract().version(), List.of(dataset("customers", owner))).state();
    for (PartyId founder : founders) {
      if (state.proposal(id).orElseThrow().state() == ProposalState.OPEN) {
        state = state.vote(id, founder, Vote.ACCEPT).state();
      }
    }
    assertThat(state.proposal(id).orElseThrow().state()).isEqualTo(ProposalState.ACCEPTED);
    return state;
  }

  static ProposalState stateOf(RoomState room, ProposalId id) {
    return room.proposal(id).orElseThrow().state();
  }
}
