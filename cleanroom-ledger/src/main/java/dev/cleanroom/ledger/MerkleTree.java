package dev.cleanroom.ledger;

import dev.cleanroom.core.CleanroomException;
import java.security.DigestException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An append-only, in-memory Merkle tree over leaf hashes, with the tree shape of RFC 9162 section 2.1.1:
 * the hash of {@code n > 1} leaves splits them at {@code k}, the largest power of two strictly less
 * than {@code n}, and hashes the two halves with {@link MerkleHash#nodeHash}.
 *
 * <p>The tree keeps every complete node: level 0 holds the leaf hashes, level {@code h} holds the hash
 * of every aligned, complete subtree of {@code 2^h} leaves. Any aligned perfect subtree is therefore a
 * lookup, and the root of any size, an inclusion proof or a consistency proof needs at most one
 * lookup or one hash per level. Appending costs one hash on average and at most one per level.
 * Memory is about {@code 2 * 32} bytes per leaf.
 *
 * <p>The tree stores only leaf hashes; callers hash entries with {@link MerkleHash#leafHash}. Arrays
 * passed in are copied and arrays returned are fresh copies.
 *
 * <p>Not thread-safe: callers that share a tree between threads must synchronize every call.
 */
public final class MerkleTree {
  private final List<HashLevel> levels = new ArrayList<>();
  private final MessageDigest digest = MerkleHash.newSha256();
  private final byte[] scratch = new byte[MerkleHash.HASH_LENGTH];

  /** Creates an empty tree. */
  public MerkleTree() {
    levels.add(new HashLevel());
  }

  /**
   * Appends one leaf hash as the next leaf.
   *
   * @throws CleanroomException {@code INVALID_ARGUMENT} if {@code leafHash} is not 32 bytes long
   */
  public void append(byte[] leafHash) {
    MerkleHash.requireHash(leafHash, "leaf hash");
    HashLevel level = levels.get(0);
    level.add(leafHash, 0);
    long index = level.size() - 1;
    int height = 0;
    // An odd index completes a pair: hash it into the level above, and keep going while that
    // parent in turn completes a pair.
    while ((index & 1) == 1) {
      hashSiblings(level, index - 1);
      height++;
      if (height == levels.size()) {
        levels.add(new HashLevel());
      }
      level = levels.get(height);
      level.add(scratch, 0);
      index >>>= 1;
    }
  }

  /** The number of leaves appended so far. */
  public long size() {
    return levels.get(0).size();
  }

  /** The root hash of the whole tree; {@link MerkleHash#emptyRoot()} when the tree is empty. */
  public byte[] rootHash() {
    return rootHash(size());
  }

  /**
   * The root hash the tree had when it held its first {@code treeSize} leaves.
   *
   * @throws CleanroomException {@code INVALID_ARGUMENT} unless {@code 0 <= treeSize <= size()}
   */
  public byte[] rootHash(long treeSize) {
    checkTreeSize(treeSize, "tree size");
    if (treeSize == 0) {
      return MerkleHash.emptyRoot();
    }
    return rangeHash(0, treeSize);
  }

  /**
   * The hash of leaf {@code index}.
   *
   * @throws CleanroomException {@code INVALID_ARGUMENT} unless {@code 0 <= index < size()}
   */
  public byte[] leafHash(long index) {
    if (index < 0 || index >= size()) {
      throw CleanroomException.invalid(
          "leaf index " + index + " is out of range; the tree has " + size() + " leaves");
    }
    return levels.get(0).copy(index);
  }

  /**
   * The inclusion proof (RFC 9162 section 2.1.3.1, {@code PATH(m, D[n])}) of leaf {@code leafIndex} in
   * the tree of the first {@code treeSize} leaves, ordered from the leaf's sibling up to the root.
   *
   * @throws CleanroomException {@code INVALID_ARGUMENT} unless {@code 0 <= leafIndex < treeSize <=
   *     size()}
   */
  public List<byte[]> inclusionProof(long leafIndex, long treeSize) {
    checkTreeSize(treeSize, "tree size");
    if (leafIndex < 0 || leafIndex >= treeSize) {
      throw CleanroomException.invalid(
          "leaf index " + leafIndex + " is out of range for tree size " + treeSize
              + "; it must be at least 0 and less than " + treeSize);
    }
    List<byte[]> proof = new ArrayList<>();
    addPath(leafIndex, 0, treeSize, proof);
    return Collections.unmodifiableList(proof);
  }

  /**
   * The consistency proof (RFC 9162 section 2.1.4.1, {@code PROOF(m, D[n])}) that the tree of the
   * first {@code oldSize} leaves is a prefix of the tree of the first {@code newSize} leaves. The
   * proof is empty when {@code oldSize} is 0 or equals {@code newSize}.
   *
   * @throws CleanroomException {@code INVALID_ARGUMENT} unless {@code 0 <= oldSize <= newSize <=
   *     size()}
   */
  public List<byte[]> consistencyProof(long oldSize, long newSize) {
    checkTreeSize(newSize, "new tree size");
    if (oldSize < 0 || oldSize > newSize) {
      throw CleanroomException.invalid(
          "old tree size " + oldSize + " is out of range; it must be at least 0 and at most the new"
              + " tree size " + newSize);
    }
    List<byte[]> proof = new ArrayList<>();
    if (oldSize > 0 && oldSize < newSize) {
      addSubproof(oldSize, 0, newSize, true, proof);
    }
    return Collections.unmodifiableList(proof);
  }

  /** {@code PATH(m, D[start:start+n])}, appended deepest first. */
  private void addPath(long m, long start, long n, List<byte[]> proof) {
    if (n == 1) {
      return;
    }
    long k = largestPowerOfTwoBelow(n);
    if (m < k) {
      addPath(m, start, k, proof);
      proof.add(rangeHash(start + k, start + n));
    } else {
      addPath(m - k, start + k, n - k, proof);
      proof.add(rangeHash(start, start + k));
    }
  }

  /** {@code SUBPROOF(m, D[start:start+n], complete)}, appended deepest first. */
  private void addSubproof(long m, long start, long n, boolean complete, List<byte[]> proof) {
    if (m == n) {
      if (!complete) {
        proof.add(rangeHash(start, start + n));
      }
      return;
    }
    long k = largestPowerOfTwoBelow(n);
    if (m <= k) {
      addSubproof(m, start, k, complete, proof);
      proof.add(rangeHash(start + k, start + n));
    } else {
      addSubproof(m - k, start + k, n - k, false, proof);
      proof.add(rangeHash(start, start + k));
    }
  }

  /**
   * {@code MTH(D[start:end])} for {@code 0 <= start < end <= size()}. An aligned perfect subtree is a
   * stored node; otherwise the range splits as the RFC prescribes. The ranges the RFC recursions ask
   * for start at a multiple of the split point, so the left half is always a lookup and the recursion
   * descends only on the right: at most one hash per level.
   */
  private byte[] rangeHash(long start, long end) {
    long width = end - start;
    if ((width & (width - 1)) == 0 && (start & (width - 1)) == 0) {
      int height = Long.numberOfTrailingZeros(width);
      return levels.get(height).copy(start >>> height);
    }
    long k = largestPowerOfTwoBelow(width);
    return MerkleHash.nodeHash(rangeHash(start, start + k), rangeHash(start + k, end));
  }

  /** Hashes the stored nodes {@code left} and {@code left + 1} of {@code level} into scratch. */
  private void hashSiblings(HashLevel level, long left) {
    // left is even and chunks hold an even number of hashes, so both siblings share one chunk.
    digest.update(MerkleHash.NODE_PREFIX);
    digest.update(level.chunkOf(left), HashLevel.offsetOf(left), 2 * MerkleHash.HASH_LENGTH);
    try {
      digest.digest(scratch, 0, MerkleHash.HASH_LENGTH);
    } catch (DigestException e) {
      throw new IllegalStateException("SHA-256 refused a 32-byte output buffer", e);
    }
  }

  private void checkTreeSize(long treeSize, String name) {
    if (treeSize < 0 || treeSize > size()) {
      throw CleanroomException.invalid(
          name + " " + treeSize + " is out of range; it must be at least 0 and at most the number"
              + " of leaves " + size());
    }
  }

  /** The largest power of two strictly less than {@code n}, for {@code n >= 2}. */
  private static long largestPowerOfTwoBelow(long n) {
    return Long.highestOneBit(n - 1);
  }
}
