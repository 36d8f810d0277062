package dev.cleanroom.ledger;

import dev.cleanroom.core.CleanroomException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * The hashing rules of RFC 9162 section 2.1.1 with SHA-256: leaves and interior nodes are hashed with
 * different one-byte prefixes so that a leaf can never be passed off as a node (second preimage
 * resistance).
 *
 * <ul>
 *   <li>{@code leafHash(d) = SHA-256(0x00 || d)}
 *   <li>{@code nodeHash(l, r) = SHA-256(0x01 || l || r)}
 *   <li>{@code emptyRoot() = SHA-256("")}, the root of a tree with no leaves
 * </ul>
 *
 * <p>Every method returns a fresh array the caller may keep or modify. Thread-safe: each thread uses
 * its own digest instance.
 */
public final class MerkleHash {
  /** Length in bytes of every hash this class produces and accepts. */
  public static final int HASH_LENGTH = 32;

  static final byte LEAF_PREFIX = 0x00;
  static final byte NODE_PREFIX = 0x01;

  private static final ThreadLocal<MessageDigest> DIGEST =
      ThreadLocal.withInitial(MerkleHash::newSha256);

  private MerkleHash() {}

  /** Returns {@code SHA-256(0x00 || entry)}, the hash of one leaf holding {@code entry}. */
  public static byte[] leafHash(byte[] entry) {
    Objects.requireNonNull(entry, "entry");
    MessageDigest digest = DIGEST.get();
    digest.update(LEAF_PREFIX);
    digest.update(entry);
    return digest.digest();
  }

  /**
   * Returns {@code SHA-256(0x01 || left || right)}, the hash of an interior node.
   *
   * @throws CleanroomException {@code INVALID_ARGUMENT} if either child is not {@value #HASH_LENGTH}
   *     bytes long
   */
  public static byte[] nodeHash(byte[] left, byte[] right) {
    requireHash(left, "left child hash");
    requireHash(right, "right child hash");
    MessageDigest digest = DIGEST.get();
    digest.update(NODE_PREFIX);
    digest.update(left);
    digest.update(right);
    return digest.digest();
  }

  /** Returns {@code SHA-256("")}, the root hash of the empty tree. */
  public static byte[] emptyRoot() {
    return DIGEST.get().digest();
  }

  /** Creates a new SHA-256 digest; SHA-256 is mandatory on every Java platform. */
  static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
    }
  }

  static void requireHash(byte[] hash, String name) {
    Objects.requireNonNull(hash, name);
    if (hash.length != HASH_LENGTH) {
      throw CleanroomException.invalid(
          name + " has length " + hash.length + "; it must be " + HASH_LENGTH + " bytes");
    }
  }
}
