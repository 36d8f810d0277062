package dev.cleanroom.protocol;

import static dev.cleanroom.protocol.Ledgers.ROOM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.contract.RoomId;
import dev.cleanroom.crypto.SigningKey;
import dev.cleanroom.ledger.MerkleTree;
import org.junit.jupiter.api.Test;

class ReceiptTest {
  private static final Ledgers.Builder LEDGER = Ledgers.standard();

  /** A receipt for entry {@code index} under the latest root, built as the server builds one. */
  private static Receipt receipt(long index) {
    SignedRoot root = LEDGER.state.latestRoot().orElseThrow().root();
    long signer = LEDGER.state.runtimeKeyEntry(root.signingKey()).orElseThrow();
    return receipt(root, index, LEDGER.entry((int) index), signer, LEDGER.entry((int) signer));
  }

  private static Receipt receipt(SignedRoot root, long index, byte[] entry, long signer, byte[] signerEntry) {
    MerkleTree tree = LEDGER.state.tree();
    return new Receipt(root, index, entry, tree.inclusionProof(index, root.treeSize()),
        signer, signerEntry, tree.inclusionProof(signer, root.treeSize()));
  }

  private static SignedRoot latestRoot() {
    return LEDGER.state.latestRoot().orElseThrow().root();
  }

  @Test
  void verify_everyEntryUnderTheLatestRoot_valid() {
    for (long index = 0; index < latestRoot().treeSize(); index++) {
      Receipt.Verdict verdict = receipt(index).verify();

      assertThat(verdict.valid()).as("entry %d: %s", index, verdict.reason()).isTrue();
    }
    assertThat(receipt(3).verify().reason()).contains("entry 3 is in the ledger of room 'offers'");
  }

  @Test
  void verify_afterJsonRoundTrip_valid() {
    ObjectNode json = receipt(7).toJson();

    Receipt parsed = Receipt.fromJson(Json.parse(Json.bytes(json), "receipt"), "receipt");

    assertThat(parsed.verify().valid()).isTrue();
    assertThat(parsed.entry()).isEqualTo(LEDGER.entry(7));
  }

  @Test
  void verify_changedEntry_invalid() {
    byte[] changed = LEDGER.entry(7);
    changed[changed.length - 3] ^= 0x01;
    Receipt receipt = receipt(latestRoot(), 7, changed, 0, LEDGER.entry(0));

    assertThat(receipt.verify().valid()).isFalse();
    assertThat(receipt.verify().reason()).contains("inclusion proof does not lead to the signed root");
  }

  @Test
  void verify_proofOfAnotherEntry_invalid() {
    Receipt honest = receipt(4);
    Receipt shifted = new Receipt(honest.root(), 5, honest.entry(), honest.inclusionProof(),
        honest.signerEntryIndex(), honest.signerEntry(), honest.signerInclusionProof());

    assertThat(shifted.verify().valid()).isFalse();
  }

  @Test
  void verify_wrongRootSignature_invalid() {
    SignedRoot root = latestRoot();
    byte[] signature = root.signature();
    signature[0] ^= 0x01;
    SignedRoot forged = new SignedRoot(ROOM, root.treeSize(), root.root(), root.signingKey(), signature);

    Receipt.Verdict verdict = receipt(forged, 7, LEDGER.entry(7), 0, LEDGER.entry(0)).verify();

    assertThat(verdict.valid()).isFalse();
    assertThat(verdict.reason()).contains("signature on the root does not verify");
  }

  @Test
  void verify_rootSignedForAnotherRoom_invalid() {
    SignedRoot root = latestRoot();
    SignedRoot moved = new SignedRoot(RoomId.of("other"), root.treeSize(), root.root(), root.signingKey(), root.signature());

    assertThat(receipt(moved, 7, LEDGER.entry(7), 0, LEDGER.entry(0)).verify().valid()).isFalse();
  }

  @Test
  void verify_rootSignedByUnregisteredKey_invalid() {
    SignedRoot root = latestRoot();
    SigningKey other = Ledgers.OTHER_RUNTIME.signingKey();
    SignedRoot resigned = new SignedRoot(ROOM, root.treeSize(), root.root(), other.publicKey(),
        other.sign(Statements.root(ROOM, root.treeSize(), root.root())));
    assertThat(resigned.signatureValid()).isTrue();

    Receipt.Verdict verdict = receipt(resigned, 7, LEDGER.entry(7), 0, LEDGER.entry(0)).verify();

    assertThat(verdict.valid()).isFalse();
    assertThat(verdict.reason()).contains("signed by a key the ledger's runtime entry does not register");
  }

  @Test
  void verify_signerEntryNotARuntimeRegistration_invalid() {
    Receipt.Verdict verdict = receipt(latestRoot(), 7, LEDGER.entry(7), 2, LEDGER.entry(2)).verify();

    assertThat(verdict.valid()).isFalse();
    assertThat(verdict.reason()).contains("not a runtime key registration");
  }

  @Test
  void verify_entryIndexOutsideTree_invalid() {
    SignedRoot root = latestRoot();
    Receipt receipt = new Receipt(root, root.treeSize(), LEDGER.entry(11), java.util.List.of(),
        0, LEDGER.entry(0), LEDGER.state.tree().inclusionProof(0, root.treeSize()));

    assertThat(receipt.verify().reason()).contains("outside the tree of size 11");
  }

  @Test
  void fromJson_roomOtherThanRoots_malformed() {
    ObjectNode json = receipt(3).toJson();
    json.put("room", "other");

    assertThatThrownBy(() -> Receipt.fromJson(json, "receipt"))
        .isInstanceOf(CleanroomException.class)
        .hasMessageContaining("names a room other than its root's");
  }

  @Test
  void fromJson_unknownFormatOrField_malformed() {
    ObjectNode wrongFormat = receipt(3).toJson().put("format", "cleanroom-receipt/0");
    ObjectNode extraField = receipt(3).toJson().put("valid", true);

    assertThatThrownBy(() -> Receipt.fromJson(wrongFormat, "receipt")).hasMessageContaining("is not a cleanroom-receipt/1 document");
    assertThatThrownBy(() -> Receipt.fromJson(extraField, "receipt")).hasMessageContaining("unknown field 'valid'");
  }
}
