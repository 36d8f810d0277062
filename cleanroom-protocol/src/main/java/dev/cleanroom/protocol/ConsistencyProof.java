package dev.cleanroom.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cleanroom.ledger.MerkleProofs;
import java.util.List;
import java.util.Set;

/**
 * An RFC 9162 consistency proof from a root a party saved earlier to a newer signed root: if it verifies, the
 * ledger the newer root covers begins with exactly the entries the older root covered.
 */
public record ConsistencyProof(SignedRoot newer, long oldSize, List<byte[]> proof) {
  public ConsistencyProof {
    proof = List.copyOf(proof);
  }

  /** Checks the proof against the saved root; both roots' signatures must verify too. */
  public Receipt.Verdict verify(SignedRoot saved) {
    if (!saved.room().equals(newer.room())) {
      return new Receipt.Verdict(false, "the saved root is of room '" + saved.room() + "', not '" + newer.room() + "'");
    }
    if (!saved.signatureValid()) {
      return new Receipt.Verdict(false, "the saved root's signature does not verify");
    }
    if (!newer.signatureValid()) {
      return new Receipt.Verdict(false, "the newer root's signature does not verify");
    }
    if (oldSize != saved.treeSize()) {
      return new Receipt.Verdict(false, "the proof starts at size " + oldSize + ", the saved root is of size " + saved.treeSize());
    }
    if (!MerkleProofs.verifyConsistency(saved.treeSize(), newer.treeSize(), saved.root(), newer.root(), proof)) {
      return new Receipt.Verdict(false, "the ledger no longer extends the saved root of " + saved.treeSize()
          + " entries: the consistency proof to the root of " + newer.treeSize() + " entries fails");
    }
    return new Receipt.Verdict(true, "the ledger of " + newer.treeSize() + " entries extends the saved root of "
        + saved.treeSize() + " entries");
  }

  public ObjectNode toJson() {
    ObjectNode node = Json.object();
    node.put("old_size", oldSize);
    node.set("newer_root", newer.toJson());
    node.set("proof", Receipt.hashes(proof));
    return node;
  }

  public static ConsistencyProof fromJson(JsonNode node, String what) {
    Json.requireObject(node, what);
    Json.onlyFields(node, what, Set.of("old_size", "newer_root", "proof"));
    return new ConsistencyProof(
        SignedRoot.fromJson(Json.object(node, "newer_root", what), what + " newer_root"),
        Json.integer(node, "old_size", what),
        Receipt.hashes(node, "proof", what));
  }
}
