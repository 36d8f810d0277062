package dev.cleanroom.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.contract.RoomId;
import dev.cleanroom.core.party.PartyId;
import dev.cleanroom.core.party.PublicKeyBytes;
import dev.cleanroom.crypto.Hashes;
import dev.cleanroom.crypto.PartyKeys;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * A data owner's signed key-release document: which dataset (by table and the hash of its contract entry the owner
 * checked), for which runtime (its signing key and measurement) and the data key sealed to that runtime's attested
 * X25519 key. When the owner's own checks fail, the document carries the {@code refusal} instead of a key, so the
 * refusal is on the ledger too.
 *
 * @param room the room
 * @param author the owner sending the key
 * @param table the dataset's table name
 * @param manifestSha256 SHA-256 of the dataset's contract entry value, as the owner approved it
 * @param runtimeSigningKey the runtime the key is meant for
 * @param measurement the runtime measurement the owner checked against the contract
 * @param contractVersion the contract version the owner checked
 * @param wrappedKey the sealed data key, or empty when this is a refusal
 * @param refusal why the owner refused, or empty when a key is sent
 * @param nonce random, so two releases of the same key are distinct documents
 */
public record KeyRelease(
    RoomId room,
    PartyId author,
    String table,
    String manifestSha256,
    PublicKeyBytes runtimeSigningKey,
    String measurement,
    long contractVersion,
    Optional<byte[]> wrappedKey,
    Optional<String> refusal,
    String nonce) {
  public static final String TYPE = "key_release";
  private static final Set<String> FIELDS = Set.of("type", "room", "author", "table", "manifest_sha256",
      "runtime_signing_key", "measurement", "contract_version", "wrapped_key", "refusal", "nonce", "created_at");
  private static final SecureRandom RANDOM = new SecureRandom();

  public KeyRelease {
    if (wrappedKey.isPresent() == refusal.isPresent()) {
      throw CleanroomException.malformed("key release must carry exactly one of 'wrapped_key' and 'refusal'");
    }
  }

  /** The HPKE {@code info} the data key is sealed under, binding room, dataset, contract entry and runtime. */
  public static byte[] sealingContext(RoomId room, String table, String manifestSha256, PublicKeyBytes runtimeSigningKey) {
    return ("cleanroom-key-release/1\n" + room.value() + "\n" + table + "\n" + manifestSha256 + "\n"
        + runtimeSigningKey.base64() + "\n").getBytes(StandardCharsets.UTF_8);
  }

  public byte[] sealingContext() {
    return sealingContext(room, table, manifestSha256, runtimeSigningKey);
  }

  public boolean isRefusal() {
    return refusal.isPresent();
  }

  public SignedEnvelope sign(PartyKeys keys) {
    return SignedEnvelope.sign(keys, toJson());
  }

  public ObjectNode toJson() {
    ObjectNode node = Json.object();
    node.put("type", TYPE);
    node.put("room", room.value());
    node.put("author", author.value());
    node.put("table", table);
    node.put("manifest_sha256", manifestSha256);
    node.put("runtime_signing_key", runtimeSigningKey.base64());
    node.put("measurement", measurement);
    node.put("contract_version", contractVersion);
    wrappedKey.ifPresent(k -> node.put("wrapped_key", Base64.getEncoder().encodeToString(k)));
    refusal.ifPresent(r -> node.put("refusal", r));
    node.put("nonce", nonce);
    node.put("created_at", Instant.now().toString());
    return node;
  }

  public static String newNonce() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return Hashes.hex(bytes);
  }

  public static KeyRelease parse(byte[] payload, String what) {
    ObjectNode node = Json.parseObject(payload, what);
    Json.onlyFields(node, what, FIELDS);
    if (!TYPE.equals(Json.string(node, "type", what))) {
      throw CleanroomException.malformed(what + " is not a key release document");
    }
    Json.string(node, "created_at", what);
    Optional<byte[]> wrapped = node.has("wrapped_key")
        ? Optional.of(SignedEnvelope.base64(Json.string(node, "wrapped_key", what), "wrapped_key"))
        : Optional.empty();
    Optional<String> refusal = node.has("refusal") ? Optional.of(Json.string(node, "refusal", what)) : Optional.empty();
    try {
      return new KeyRelease(
          RoomId.of(Json.string(node, "room", what)),
          PartyId.of(Json.string(node, "author", what)),
          Json.string(node, "table", what),
          Json.string(node, "manifest_sha256", what),
          new PublicKeyBytes(Json.string(node, "runtime_signing_key", what)),
          Json.string(node, "measurement", what),
          Json.integer(node, "contract_version", what),
          wrapped,
          refusal,
          Json.string(node, "nonce", what));
    } catch (CleanroomException e) {
      throw CleanroomException.malformed(what + ": " + e.getMessage());
    }
  }

  /** The runtime's decision on a release, recorded with the document. */
  public record Decision(boolean released, String reason) {
    public ObjectNode toJson() {
      return Json.object().put("released", released).put("reason", reason);
    }

    public static Decision fromJson(JsonNode node, String what) {
      Json.requireObject(node, what);
      Json.onlyFields(node, what, Set.of("released", "reason"));
      JsonNode released = node.get("released");
      if (released == null || !released.isBoolean()) {
        throw CleanroomException.malformed(what + " field 'released' must be true or false");
      }
      return new Decision(released.booleanValue(), Json.string(node, "reason", what));
    }
  }
}
