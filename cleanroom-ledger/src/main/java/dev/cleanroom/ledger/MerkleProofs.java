package dev.cleanroom.ledger;

import dev.cleanroom.core.CleanroomException;
import java.security.MessageDigest;
import java.util.List;
import java.util.Objects;

/**
 * Offline verifiers for the proofs a {@link MerkleTree} produces, following the algorithms of RFC 9162
 * section 2.1.3.2 (inclusion) and section 2.1.4.2 (consistency) step by step. They need nothing but
 * the proof, the sizes and the hashes, so a party that does not hold the ledger can check them.
 *
 * <p>The {@code verify} methods return {@code false}, and never throw, for any proof that does not
 * verify: wrong hashes, wrong sizes or indexes, a proof of the wrong length, or hashes (leaf, root or
 * proof element) that are not 32 bytes long. Stateless and thread-safe.
 */
public final class MerkleProofs {
  private MerkleProofs() {}

  /**
   * Whether {@code proof} shows that {@code leafHash} is leaf {@code leafIndex} of the tree of
   * {@code treeSize} leaves whose root is {@code expectedRoot}.
   */
  public static boolean verifyInclusion(
      byte[] leafHash, long leafIndex, long treeSize, List<byte[]> proof, byte[] expectedRoot) {
    if (!isHash(expectedRoot) || proof == null) {
      return false;
    }
    try {
      byte[] root = rootFromInclusionProof(leafHash, leafIndex, treeSize, proof);
      return MessageDigest.isEqual(root, expectedRoot);
    } catch (CleanroomException e) {
      return false;
    }
  }

  /**
   * The root hash that {@code proof} leads to from leaf {@code leafIndex} with hash {@code leafHash} in
   * a tree of {@code treeSize} leaves. The caller compares it with a root it trusts.
   *
   * @throws CleanroomException {@code INTEGRITY} if the proof is malformed: the leaf index is not
   *     below the tree size, the proof has the wrong number of elements for that index and size, or
   *     a hash is not 32 bytes long
   */
  public static byte[] rootFromInclusionProof(
      byte[] leafHash, long leafIndex, long treeSize, List<byte[]> proof) {
    Objects.requireNonNull(proof, "proof");
    requireProofHash(leafHash, "leaf hash");
    if (leafIndex < 0 || leafIndex >= treeSize) {
      throw CleanroomException.integrity(
          "inclusion proof is malformed: leaf index " + leafIndex + " is not below tree size "
              + treeSize);
    }
    long index = leafIndex;
    long lastIndex = treeSize - 1;
    byte[] root = leafHash.clone();
    for (int i = 0; i < proof.size(); i++) {
      byte[] sibling = proof.get(i);
      requireProofHash(sibling, "inclusion proof element " + i);
      if (lastIndex == 0) {
        throw CleanroomException.integrity(
            "inclusion proof is malformed: it has " + proof.size() + " elements, more than a tree of "
                + treeSize + " leaves needs for leaf " + leafIndex);
      }
      if ((index & 1) == 1 || index == lastIndex) {
        root = MerkleHash.nodeHash(sibling, root);
        // The node is the last of its level with no right sibling: it moves up unchanged until it
        // becomes a right child or reaches the left edge.
        while ((index & 1) == 0 && index != 0) {
          index >>>= 1;
          lastIndex >>>= 1;
        }
      } else {
        root = MerkleHash.nodeHash(root, sibling);
      }
      index >>>= 1;
      lastIndex >>>= 1;
    }
    if (lastIndex != 0) {
      throw CleanroomException.integrity(
          "inclusion proof is malformed: it has " + proof.size() + " elements, fewer than a tree of "
              + treeSize + " leaves needs for leaf " + leafIndex);
    }
    return root;
  }

  /**
   * Whether {@code proof} shows that the tree of {@code oldSize} leaves with root {@code oldRoot} is a
   * prefix of the tree of {@code newSize} leaves with root {@code newRoot}.
   *
   * <p>Edge cases: when {@code oldSize == newSize} the proof must be empty and the roots equal; when
   * {@code oldSize == 0} the proof must be empty and {@code oldRoot} must be the empty tree's root
   * {@link MerkleHash#emptyRoot()}. Negative sizes or {@code oldSize > newSize} never verify.
   */
  public static boolean verifyConsistency(
      long oldSize, long newSize, byte[] oldRoot, byte[] newRoot, List<byte[]> proof) {
    if (!isHash(oldRoot) || !isHash(newRoot) || proof == null || oldSize < 0 || oldSize > newSize) {
      return false;
    }
    for (byte[] element : proof) {
      if (!isHash(element)) {
        return false;
      }
    }
    if (oldSize == newSize) {
      return proof.isEmpty() && MessageDigest.isEqual(oldRoot, newRoot);
    }
    if (oldSize == 0) {
      return proof.isEmpty() && MessageDigest.isEqual(oldRoot, MerkleHash.emptyRoot());
    }
    return verifyNonTrivialConsistency(oldSize, newSize, oldRoot, newRoot, proof);
  }

  /** RFC 9162 section 2.1.4.2 for {@code 0 < oldSize < newSize}; hashes already length-checked. */
  private static boolean verifyNonTrivialConsistency(
      long oldSize, long newSize, byte[] oldRoot, byte[] newRoot, List<byte[]> proof) {
    if (proof.isEmpty()) {
      return false;
    }
    // When the old tree is a perfect tree its root is a node of the new tree and the proof leaves it
    // out: the verifier starts from the old root itself.
    boolean oldIsPerfect = (oldSize & (oldSize - 1)) == 0;
    byte[] first = oldIsPerfect ? oldRoot : proof.get(0);
    int next = oldIsPerfect ? 0 : 1;
    long index = oldSize - 1;
    long lastIndex = newSize - 1;
    while ((index & 1) == 1) {
      index >>>= 1;
      lastIndex >>>= 1;
    }
    byte[] oldHash = first;
    byte[] newHash = first;
    for (int i = next; i < proof.size(); i++) {
      byte[] element = proof.get(i);
      if (lastIndex == 0) {
        return false;
      }
      if ((index & 1) == 1 || index == lastIndex) {
        oldHash = MerkleHash.nodeHash(element, oldHash);
        newHash = MerkleHash.nodeHash(element, newHash);
        while ((index & 1) == 0 && index != 0) {
          index >>>= 1;
          lastIndex >>>= 1;
        }
      } else {
        newHash = MerkleHash.nodeHash(newHash, element);
      }
      index >>>= 1;
      lastIndex >>>= 1;
    }
    return lastIndex == 0
        && MessageDigest.isEqual(oldHash, oldRoot)
        && MessageDigest.isEqual(newHash, newRoot);
  }

  private static boolean isHash(byte[] hash) {
    return hash != null && hash.length == MerkleHash.HASH_LENGTH;
  }

  private static void requireProofHash(byte[] hash, String name) {
    if (!isHash(hash)) {
      throw CleanroomException.integrity(
          "inclusion proof is malformed: " + name + " is "
              + (hash == null ? "missing" : hash.length + " bytes long")
              + "; it must be " + MerkleHash.HASH_LENGTH + " bytes");
    }
  }
}
