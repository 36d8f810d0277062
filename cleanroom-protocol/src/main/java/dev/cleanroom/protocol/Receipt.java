package dev.cleanroom.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.crypto.Hashes;
import dev.cleanroom.ledger.MerkleHash;
import dev.cleanroom.ledger.MerkleProofs;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * Proof that one ledger entry is in a room's ledger: the entry's bytes, an RFC 9162 inclusion proof to a root, the
 * runtime's signature on that root, and the entry that registered the signing key with its own inclusion proof
 * to the same root. Everything needed to check it is inside; {@link #verify()} needs no server.
 * The format is documented in {@code docs/ledger.md}.
 */
public record Receipt(
    SignedRoot root,
    long entryIndex,
    byte[] entry,
    List<byte[]> inclusionProof,
    long signerEntryIndex,
    byte[] signerEntry,
    List<byte[]> signerInclusionProof) {
  public static final String FORMAT = "cleanroom-receipt/1";

  public Receipt {
    entry = entry.clone();
    signerEntry = signerEntry.clone();
    inclusionProof = List.copyOf(inclusionProof);
    signerInclusionProof = List.copyOf(signerInclusionProof);
  }

  @Override
  public byte[] entry() {
    return entry.clone();
  }

  @Override
  public byte[] signerEntry() {
    return signerEntry.clone();
  }

  /** The result of checking a receipt offline. */
  public record Verdict(boolean valid, String reason) {}

  public Verdict verify() {
    if (entryIndex < 0 || entryIndex >= root.treeSize()) {
      return new Verdict(false, "entry index " + entryIndex + " is outside the tree of size " + root.treeSize());
    }
    if (!root.signatureValid()) {
      return new Verdict(false, "the runtime's signature on the root does not verify");
    }
    if (!MerkleProofs.verifyInclusion(MerkleHash.leafHash(entry), entryIndex, root.treeSize(), inclusionProof, root.root())) {
      return new Verdict(false, "the entry's inclusion proof does not lead to the signed root");
    }
    if (signerEntryIndex < 0 || signerEntryIndex >= root.treeSize()) {
      return new Verdict(false, "signer entry index " + signerEntryIndex + " is outside the tree");
    }
    if (!MerkleProofs.verifyInclusion(
        MerkleHash.leafHash(signerEntry), signerEntryIndex, root.treeSize(), signerInclusionProof, root.root())) {
      return new Verdict(false, "the runtime key entry's inclusion proof does not lead to the signed root");
    }
    try {
      JsonNode registration = Json.parseObject(signerEntry, "runtime key entry");
      if (!LedgerEntries.RUNTIME.equals(registration.path("type").asText())) {
        return new Verdict(false, "the signer entry is not a runtime key registration");
      }
      String registered = registration.path("runtime").path("signing_key").asText();
      if (!registered.equals(root.signingKey().base64())) {
        return new Verdict(false, "the root is signed by a key the ledger's runtime entry does not register");
      }
    } catch (CleanroomException e) {
      return new Verdict(false, "the signer entry is not readable: " + e.getMessage());
    }
    return new Verdict(true, "entry " + entryIndex + " is in the ledger of room '" + root.room().value()
        + "' under the root of " + root.treeSize() + " entries signed by runtime key " + root.signingKey().base64());
  }

  public ObjectNode toJson() {
    ObjectNode node = Json.object();
    node.put("format", FORMAT);
    node.put("room", root.room().value());
    node.put("entry_index", entryIndex);
    node.put("entry", Base64.getEncoder().encodeToString(entry));
    node.set("inclusion_proof", hashes(inclusionProof));
    node.set("root", root.toJson());
    ObjectNode signer = node.putObject("signer_entry");
    signer.put("index", signerEntryIndex);
    signer.put("entry", Base64.getEncoder().encodeToString(signerEntry));
    signer.set("inclusion_proof", hashes(signerInclusionProof));
    return node;
  }

  public static Receipt fromJson(JsonNode node, String what) {
    Json.requireObject(node, what);
    Json.onlyFields(node, what, Set.of("format", "room", "entry_index", "entry", "inclusion_proof", "root", "signer_entry"));
    if (!FORMAT.equals(Json.string(node, "format", what))) {
      throw CleanroomException.malformed(what + " is not a " + FORMAT + " document");
    }
    SignedRoot root = SignedRoot.fromJson(Json.object(node, "root", what), what + " root");
    if (!root.room().value().equals(Json.string(node, "room", what))) {
      throw CleanroomException.malformed(what + " names a room other than its root's");
    }
    ObjectNode signer = Json.object(node, "signer_entry", what);
    Json.onlyFields(signer, what + " signer_entry", Set.of("index", "entry", "inclusion_proof"));
    return new Receipt(
        root,
        Json.integer(node, "entry_index", what),
        SignedEnvelope.base64(Json.string(node, "entry", what), what + " field 'entry'"),
        hashes(node, "inclusion_proof", what),
        Json.integer(signer, "index", what + " signer_entry"),
        SignedEnvelope.base64(Json.string(signer, "entry", what + " signer_entry"), what + " signer_entry field 'entry'"),
        hashes(signer, "inclusion_proof", what + " signer_entry"));
  }

  static ArrayNode hashes(List<byte[]> hashes) {
    ArrayNode array = Json.array();
    hashes.forEach(h -> array.add(Hashes.hex(h)));
    return array;
  }

  static List<byte[]> hashes(JsonNode node, String field, String what) {
    List<byte[]> result = new ArrayList<>();
    for (String hex : Json.strings(node, field, what)) {
      result.add(Hex32.parse(hex, what + " field '" + field + "'"));
    }
    return result;
  }
}
