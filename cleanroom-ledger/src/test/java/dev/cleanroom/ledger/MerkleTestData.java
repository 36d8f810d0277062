package dev.cleanroom.ledger;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Shared inputs of the Merkle tests. */
final class MerkleTestData {
  private MerkleTestData() {}

  static byte[] hex(String hex) {
    return HexFormat.of().parseHex(hex);
  }

  static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  static List<String> hex(List<byte[]> hashes) {
    List<String> result = new ArrayList<>();
    for (byte[] hash : hashes) {
      result.add(hex(hash));
    }
    return result;
  }

  /** Distinct leaf hashes for entries "entry-0", "entry-1", ... */
  static List<byte[]> leafHashes(int count) {
    List<byte[]> hashes = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      hashes.add(NaiveMerkle.leaf(("entry-" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
    return hashes;
  }

  static MerkleTree treeOf(List<byte[]> leafHashes) {
    MerkleTree tree = new MerkleTree();
    leafHashes.forEach(tree::append);
    return tree;
  }

  /** A cheap, distinct, 32-byte stand-in for a leaf hash, for trees with millions of leaves. */
  static byte[] syntheticLeafHash(long index) {
    return ByteBuffer.allocate(32).putLong(index).putLong(~index).putLong(index * 31).array();
  }
}
