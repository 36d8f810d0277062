package dev.cleanroom.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cleanroom.core.contract.Action;
import dev.cleanroom.core.contract.Constitution;
import dev.cleanroom.core.contract.RoomId;
import dev.cleanroom.core.governance.ProposalId;
import dev.cleanroom.core.governance.Vote;
import dev.cleanroom.core.party.PartyId;
import dev.cleanroom.crypto.Hashes;
import dev.cleanroom.crypto.PartyKeys;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Real keys and real ledgers for protocol tests. Keys are made once per test run because the runtime's attestation
 * measures the code on the class path.
 */
final class Ledgers {
  static final RoomId ROOM = RoomId.of("offers");
  static final SecureRandom RANDOM = new SecureRandom();
  static final PartyKeys BANK = PartyKeys.generate(PartyId.of("bank"), RANDOM);
  static final PartyKeys MERCHANT = PartyKeys.generate(PartyId.of("merchant"), RANDOM);
  static final PartyKeys TELCO = PartyKeys.generate(PartyId.of("telco"), RANDOM);
  static final PartyKeys OUTSIDER = PartyKeys.generate(PartyId.of("outsider"), RANDOM);
  static final RuntimeIdentity RUNTIME = RuntimeIdentity.generate(RANDOM);
  static final RuntimeIdentity OTHER_RUNTIME = RuntimeIdentity.generate(RANDOM);
  static final String MEASUREMENT = "ab".repeat(32);
  private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

  private Ledgers() {}

  /** A room ledger being written the way the server writes it: prepare, store, commit. */
  static final class Builder {
    final RoomLedgerState state;
    final List<byte[]> entries = new ArrayList<>();

    Builder(RoomId room) {
      state = new RoomLedgerState(room);
    }

    Builder() {
      this(ROOM);
    }

    private RoomLedgerState.Prepared take(RoomLedgerState.Prepared prepared) {
      entries.add(prepared.entry());
      state.commit(prepared);
      return prepared;
    }

    private Instant now() {
      return START.plusSeconds(entries.size());
    }

    RoomLedgerState.Prepared runtime(RuntimeIdentity runtime) {
      return take(state.prepareRuntime(runtime, now()));
    }

    RoomLedgerState.Prepared root(RuntimeIdentity runtime) {
      return take(state.prepareRoot(runtime, now()));
    }

    RoomLedgerState.Prepared submit(SignedEnvelope envelope) {
      return take(state.prepareGovernance(envelope, now()));
    }

    /** Founds the room with {@code founders}, the first proposing, and has every founder accept. */
    ProposalId found(PartyKeys... founders) {
      List<Action> actions = new ArrayList<>();
      for (PartyKeys founder : founders) {
        actions.add(new Action.AddMember(founder.identity()));
      }
      SignedEnvelope founding = GovernanceDocuments.founding(founders[0], state.room(), actions);
      submit(founding);
      ProposalId id = ProposalId.of(founding.payloadHash());
      for (PartyKeys founder : founders) {
        vote(founder, id, Vote.ACCEPT);
      }
      return id;
    }

    ProposalId propose(PartyKeys proposer, Action... actions) {
      long version = state.governance().orElseThrow().contract().version();
      SignedEnvelope proposal = GovernanceDocuments.proposal(proposer, state.room(), version, List.of(actions));
      submit(proposal);
      return ProposalId.of(proposal.payloadHash());
    }

    RoomLedgerState.Prepared vote(PartyKeys voter, ProposalId proposal, Vote vote) {
      return submit(GovernanceDocuments.ballot(voter, state.room(), proposal, vote));
    }

    byte[] entry(int index) {
      return entries.get(index).clone();
    }
  }

  /**
   * Twelve entries: runtime key (0), founding by bank, merchant and telco and their ballots (1-4), a constitution
   * proposal (5), a signed root (6), two ballots (7-8), a measurement proposal (9), telco's ballot accepting the
   * constitution, which drops the measurement proposal (10), and a signed root (11).
   */
  static Builder standard() {
    Builder ledger = new Builder();
    ledger.runtime(RUNTIME);
    ledger.found(BANK, MERCHANT, TELCO);
    ProposalId constitution = ledger.propose(BANK, new Action.SetConstitution(new Constitution.Majority()));
    ledger.root(RUNTIME);
    ledger.vote(BANK, constitution, Vote.ACCEPT);
    ledger.vote(MERCHANT, constitution, Vote.ACCEPT);
    ledger.propose(MERCHANT, new Action.AcceptMeasurement(MEASUREMENT));
    ledger.vote(TELCO, constitution, Vote.ACCEPT);
    ledger.root(RUNTIME);
    return ledger;
  }

  static ObjectNode parse(byte[] entry) {
    return Json.parseObject(entry, "entry");
  }

  /** Renumbers and re-links every entry from {@code from} on, as a forger covering an edit would. */
  static List<byte[]> rechain(List<byte[]> entries, int from) {
    List<byte[]> result = new ArrayList<>(entries);
    for (int i = Math.max(from, 0); i < result.size(); i++) {
      ObjectNode node = parse(result.get(i));
      node.put("seq", i);
      node.put("prev", i == 0 ? "0".repeat(64) : Hashes.sha256Hex(result.get(i - 1)));
      result.set(i, Json.bytes(node));
    }
    return result;
  }
}
