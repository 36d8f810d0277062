package dev.cleanroom.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.party.PartyId;
import dev.cleanroom.core.party.PublicKeyBytes;
import dev.cleanroom.crypto.Ed25519;
import dev.cleanroom.crypto.Hashes;
import dev.cleanroom.crypto.PartyKeys;
import java.util.Base64;
import java.util.Objects;
import java.util.Set;

/**
 * A document signed by a party: the exact payload bytes, who signed them and the Ed25519 signature over them.
 * Signing the bytes themselves, not a re-serialisation, means nobody has to agree on a canonical JSON form: the
 * ledger keeps the bytes, and anyone re-checks the signature over them. The payload's {@code type} field says what
 * kind of document it is, so a signature on one kind can never be passed off as another.
 */
public record SignedEnvelope(byte[] payload, PartyId signer, byte[] signature) {
  public SignedEnvelope {
    Objects.requireNonNull(signer, "signer");
    payload = payload.clone();
    signature = signature.clone();
  }

  public static SignedEnvelope sign(PartyKeys keys, ObjectNode document) {
    byte[] payload = Json.bytes(document);
    return new SignedEnvelope(payload, keys.party(), keys.sign(payload));
  }

  @Override
  public byte[] payload() {
    return payload.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  /** SHA-256 of the payload in hex; for a proposal this is its id. */
  public String payloadHash() {
    return Hashes.sha256Hex(payload);
  }

  public void requireSignedBy(PublicKeyBytes key, String what) {
    Ed25519.requireValid(key, payload, signature, what + " by '" + signer + "'");
  }

  public ObjectNode toJson() {
    ObjectNode node = Json.object();
    node.put("payload", Base64.getEncoder().encodeToString(payload));
    node.put("signer", signer.value());
    node.put("signature", Base64.getEncoder().encodeToString(signature));
    return node;
  }

  public static SignedEnvelope fromJson(JsonNode node, String what) {
    Json.requireObject(node, what);
    Json.onlyFields(node, what, Set.of("payload", "signer", "signature"));
    byte[] payload = base64(Json.string(node, "payload", what), what + " field 'payload'");
    byte[] signature = base64(Json.string(node, "signature", what), what + " field 'signature'");
    return new SignedEnvelope(payload, PartyId.of(Json.string(node, "signer", what)), signature);
  }

  static byte[] base64(String text, String what) {
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw CleanroomException.malformed(what + " is not valid base64");
    }
  }
}
