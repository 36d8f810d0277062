package dev.cleanroom.protocol;

import static dev.cleanroom.protocol.Ledgers.BANK;
import static dev.cleanroom.protocol.Ledgers.MEASUREMENT;
import static dev.cleanroom.protocol.Ledgers.MERCHANT;
import static dev.cleanroom.protocol.Ledgers.ROOM;
import static dev.cleanroom.protocol.Ledgers.RUNTIME;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cleanroom.core.contract.Action;
import dev.cleanroom.core.contract.RoomId;
import dev.cleanroom.core.governance.ProposalId;
import dev.cleanroom.core.governance.Vote;
import org.junit.jupiter.api.Test;

class ConsistencyProofTest {

  /** An active room of bank and merchant, a root over it, then a proposal, two ballots and a newer root. */
  private static Ledgers.Builder growingLedger() {
    Ledgers.Builder ledger = new Ledgers.Builder();
    ledger.runtime(RUNTIME);
    ledger.found(BANK, MERCHANT);
    ledger.root(RUNTIME);
    ProposalId id = ledger.propose(BANK, new Action.AcceptMeasurement(MEASUREMENT));
    ledger.vote(BANK, id, Vote.ACCEPT);
    ledger.vote(MERCHANT, id, Vote.ACCEPT);
    ledger.root(RUNTIME);
    return ledger;
  }

  private static SignedRoot firstRoot(Ledgers.Builder ledger) {
    return ledger.state.rootCovering(0).orElseThrow().root();
  }

  private static ConsistencyProof proofFrom(Ledgers.Builder ledger, long oldSize) {
    SignedRoot newer = ledger.state.latestRoot().orElseThrow().root();
    return new ConsistencyProof(newer, oldSize, ledger.state.tree().consistencyProof(oldSize, newer.treeSize()));
  }

  @Test
  void verify_ledgerGrewFromSavedRoot_valid() {
    Ledgers.Builder ledger = growingLedger();
    SignedRoot saved = firstRoot(ledger);

    Receipt.Verdict verdict = proofFrom(ledger, saved.treeSize()).verify(saved);

    assertThat(verdict.valid()).as(verdict.reason()).isTrue();
    assertThat(verdict.reason()).contains("extends the saved root of 4 entries");
  }

  @Test
  void verify_afterJsonRoundTrip_valid() {
    Ledgers.Builder ledger = growingLedger();
    SignedRoot saved = SignedRoot.fromJson(firstRoot(ledger).toJson(), "root");
    ConsistencyProof proof = ConsistencyProof.fromJson(
        Json.parse(Json.bytes(proofFrom(ledger, saved.treeSize()).toJson()), "proof"), "proof");

    assertThat(proof.verify(saved).valid()).isTrue();
  }

  @Test
  void verify_olderLogRewritten_invalid() {
    Ledgers.Builder original = growingLedger();
    SignedRoot saved = firstRoot(original);
    // The same runtime signs a ledger whose first entries differ: another founding document.
    Ledgers.Builder rewritten = growingLedger();
    assertThat(firstRoot(rewritten).root()).isNotEqualTo(saved.root());

    Receipt.Verdict verdict = proofFrom(rewritten, saved.treeSize()).verify(saved);

    assertThat(verdict.valid()).isFalse();
    assertThat(verdict.reason()).contains("no longer extends the saved root of 4 entries");
  }

  @Test
  void verify_savedRootSignatureForged_invalid() {
    Ledgers.Builder ledger = growingLedger();
    SignedRoot saved = firstRoot(ledger);
    byte[] signature = saved.signature();
    signature[10] ^= 0x01;
    SignedRoot forged = new SignedRoot(ROOM, saved.treeSize(), saved.root(), saved.signingKey(), signature);

    assertThat(proofFrom(ledger, saved.treeSize()).verify(forged).reason()).contains("saved root's signature does not verify");
  }

  @Test
  void verify_newerRootSignatureForged_invalid() {
    Ledgers.Builder ledger = growingLedger();
    SignedRoot saved = firstRoot(ledger);
    ConsistencyProof honest = proofFrom(ledger, saved.treeSize());
    SignedRoot newer = honest.newer();
    SignedRoot forged = new SignedRoot(ROOM, newer.treeSize(), newer.root(), newer.signingKey(), saved.signature());

    assertThat(new ConsistencyProof(forged, honest.oldSize(), honest.proof()).verify(saved).reason())
        .contains("newer root's signature does not verify");
  }

  @Test
  void verify_proofFromOtherSize_invalid() {
    Ledgers.Builder ledger = growingLedger();
    SignedRoot saved = firstRoot(ledger);

    assertThat(proofFrom(ledger, saved.treeSize() - 1).verify(saved).reason()).contains("the proof starts at size 3");
  }

  @Test
  void verify_savedRootOfOtherRoom_invalid() {
    Ledgers.Builder ledger = growingLedger();
    Ledgers.Builder other = new Ledgers.Builder(RoomId.of("other"));
    other.runtime(RUNTIME);
    other.found(BANK, MERCHANT);
    other.root(RUNTIME);
    SignedRoot saved = firstRoot(other);

    assertThat(proofFrom(ledger, saved.treeSize()).verify(saved).reason()).contains("the saved root is of room 'other'");
  }
}
