package dev.cleanroom.ledger;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The definitions of RFC 9162 sections 2.1.1, 2.1.3.1 and 2.1.4.1 written as literally as possible,
 * with its own SHA-256 calls, as an independent reference for {@link MerkleTree}. Subtree hashes are
 * memoized so that exhaustive comparisons stay fast.
 */
final class NaiveMerkle {
  private final List<byte[]> leafHashes;
  private final Map<Long, byte[]> subtreeHashes = new HashMap<>();

  NaiveMerkle(List<byte[]> leafHashes) {
    this.leafHashes = List.copyOf(leafHashes);
  }

  static byte[] sha256(byte[]... parts) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (byte[] part : parts) {
        digest.update(part);
      }
      return digest.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  static byte[] leaf(byte[] entry) {
    return sha256(new byte[] {0}, entry);
  }

  /** MTH(D[start:end]). */
  byte[] mth(int start, int end) {
    int n = end - start;
    if (n == 0) {
      return sha256();
    }
    if (n == 1) {
      return leafHashes.get(start);
    }
    long key = ((long) start << 32) | end;
    byte[] cached = subtreeHashes.get(key);
    if (cached != null) {
      return cached;
    }
    int k = largestPowerOfTwoBelow(n);
    byte[] hash = sha256(new byte[] {1}, mth(start, start + k), mth(start + k, end));
    subtreeHashes.put(key, hash);
    return hash;
  }

  /** PATH(m, D[n]). */
  List<byte[]> path(int m, int n) {
    return path(m, 0, n);
  }

  private List<byte[]> path(int m, int start, int end) {
    int n = end - start;
    if (n == 1) {
      return new ArrayList<>();
    }
    int k = largestPowerOfTwoBelow(n);
    List<byte[]> result;
    if (m < k) {
      result = path(m, start, start + k);
      result.add(mth(start + k, end));
    } else {
      result = path(m - k, start + k, end);
      result.add(mth(start, start + k));
    }
    return result;
  }

  /** PROOF(m, D[n]) for 0 < m < n. */
  List<byte[]> proof(int m, int n) {
    return subproof(m, 0, n, true);
  }

  private List<byte[]> subproof(int m, int start, int end, boolean complete) {
    int n = end - start;
    if (m == n) {
      List<byte[]> result = new ArrayList<>();
      if (!complete) {
        result.add(mth(start, end));
      }
      return result;
    }
    int k = largestPowerOfTwoBelow(n);
    List<byte[]> result;
    if (m <= k) {
      result = subproof(m, start, start + k, complete);
      result.add(mth(start + k, end));
    } else {
      result = subproof(m - k, start + k, end, false);
      result.add(mth(start, start + k));
    }
    return result;
  }

  private static int largestPowerOfTwoBelow(int n) {
    int k = 1;
    while (k * 2 < n) {
      k *= 2;
    }
    return k;
  }
}
