package dev.cleanroom.protocol;

import dev.cleanroom.core.contract.RoomId;
import dev.cleanroom.core.party.PublicKeyBytes;
import dev.cleanroom.crypto.Hashes;
import java.nio.charset.StandardCharsets;

/**
 * The exact byte strings the runtime signs. Each starts with its own tag line, so a signature made for one
 * purpose can never verify for another (and none of them parses as JSON, unlike the parties' documents).
 */
public final class Statements {
  private Statements() {}

  /** What a runtime signs when it registers its keys on a room's ledger. */
  public static byte[] runtimeKeys(RoomId room, PublicKeyBytes signingKey, PublicKeyBytes sealingKey) {
    return ("cleanroom-runtime/1\n" + room.value() + "\n" + signingKey.base64() + "\n" + sealingKey.base64() + "\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** What a runtime signs to vouch for a Merkle root: the room, the tree size and the root hash in hex. */
  public static byte[] root(RoomId room, long treeSize, byte[] root) {
    return ("cleanroom-root/1\n" + room.value() + "\n" + treeSize + "\n" + Hashes.hex(root) + "\n")
        .getBytes(StandardCharsets.UTF_8);
  }
}
