package dev.cleanroom.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.contract.RoomId;
import dev.cleanroom.core.party.PublicKeyBytes;
import dev.cleanroom.crypto.Ed25519;
import dev.cleanroom.crypto.Hashes;
import java.util.Base64;
import java.util.Set;

/**
 * A Merkle root of a room's ledger at {@code treeSize} entries, signed by the runtime key {@code signingKey}. A
 * party saves one (with {@code cleanroom audit root}) to check later that the ledger still extends it.
 */
public record SignedRoot(RoomId room, long treeSize, byte[] root, PublicKeyBytes signingKey, byte[] signature) {
  public static final String FORMAT = "cleanroom-root/1";

  public SignedRoot {
    root = root.clone();
    signature = signature.clone();
  }

  @Override
  public byte[] root() {
    return root.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  public boolean signatureValid() {
    return Ed25519.verify(signingKey, Statements.root(room, treeSize, root), signature);
  }

  public ObjectNode toJson() {
    ObjectNode node = Json.object();
    node.put("format", FORMAT);
    node.put("room", room.value());
    node.put("tree_size", treeSize);
    node.put("root", Hashes.hex(root));
    node.put("signing_key", signingKey.base64());
    node.put("signature", Base64.getEncoder().encodeToString(signature));
    return node;
  }

  public static SignedRoot fromJson(JsonNode node, String what) {
    Json.requireObject(node, what);
    Json.onlyFields(node, what, Set.of("format", "room", "tree_size", "root", "signing_key", "signature"));
    if (!FORMAT.equals(Json.string(node, "format", what))) {
      throw CleanroomException.malformed(what + " is not a " + FORMAT + " document");
    }
    return new SignedRoot(
        RoomId.of(Json.string(node, "room", what)),
        Json.integer(node, "tree_size", what),
        Hex32.parse(Json.string(node, "root", what), what + " field 'root'"),
        new PublicKeyBytes(Json.string(node, "signing_key", what)),
        SignedEnvelope.base64(Json.string(node, "signature", what), what + " field 'signature'"));
  }
}
