package dev.cleanroom.ledger;

import static dev.cleanroom.ledger.MerkleTestData.hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Known-answer tests with the RFC 6962 / RFC 9162 test vectors that Certificate Transparency
 * implementations share: eight leaves, the roots of the trees of their first 1 to 8 leaves, and a
 * set of inclusion and consistency proofs. Each vector is also recomputed with {@link NaiveMerkle}.
 */
class MerkleTreeKnownAnswerTest {
  private static final String[] ENTRIES = {
    "", "00", "10", "2021", "3031", "40414243", "5051525354555657",
    "606162636465666768696a6b6c6d6e6f",
  };

  private static final String[] ROOTS = {
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
  };

  private static final String EMPTY_ROOT =
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  /** Inclusion vectors: zero-based leaf index, tree size, proof. */
  private static final List<Vector> INCLUSION = List.of(
      new Vector(0, 1, List.of()),
      new Vector(0, 8, List.of(
          "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
          "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
          "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")),
      new Vector(5, 8, List.of(
          "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
          "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
          "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")),
      new Vector(2, 3, List.of(
          "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125")),
      new Vector(1, 5, List.of(
          "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
          "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
          "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")));

  /** Consistency vectors: old size, new size, proof. */
  private static final List<Vector> CONSISTENCY = List.of(
      new Vector(1, 1, List.of()),
      new Vector(1, 8, List.of(
          "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
          "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
          "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")),
      new Vector(6, 8, List.of(
          "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
          "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
          "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")),
      new Vector(2, 5, List.of(
          "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
          "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")),
      new Vector(6, 7, List.of(
          "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
          "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
          "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")));

  private record Vector(long first, long second, List<String> proof) {}

  private static List<byte[]> leafHashes() {
    List<byte[]> hashes = new ArrayList<>();
    for (String entry : ENTRIES) {
      hashes.add(MerkleHash.leafHash(hex(entry)));
    }
    return hashes;
  }

  private static List<byte[]> bytes(List<String> proof) {
    List<byte[]> result = new ArrayList<>();
    for (String element : proof) {
      result.add(hex(element));
    }
    return result;
  }

  @Test
  void rootHash_emptyTree_isSha256OfEmptyString() {
    assertThat(hex(new MerkleTree().rootHash())).isEqualTo(EMPTY_ROOT);
    assertThat(hex(new NaiveMerkle(List.of()).mth(0, 0))).isEqualTo(EMPTY_ROOT);
  }

  @Test
  void rootHash_afterEachAppend_matchesPublishedRoots() {
    MerkleTree tree = new MerkleTree();
    List<byte[]> leaves = leafHashes();
    for (int size = 1; size <= 8; size++) {
      tree.append(leaves.get(size - 1));
      assertThat(hex(tree.rootHash())).as("root of size %d", size).isEqualTo(ROOTS[size - 1]);
    }
  }

  @Test
  void rootHash_historicalSizes_matchPublishedRoots() {
    MerkleTree tree = MerkleTestData.treeOf(leafHashes());
    assertThat(hex(tree.rootHash(0))).isEqualTo(EMPTY_ROOT);
    for (int size = 1; size <= 8; size++) {
      assertThat(hex(tree.rootHash(size))).as("root of size %d", size).isEqualTo(ROOTS[size - 1]);
    }
  }

  @Test
  void naiveImplementation_publishedRoots_agree() {
    NaiveMerkle naive = new NaiveMerkle(leafHashes());
    for (int size = 1; size <= 8; size++) {
      assertThat(hex(naive.mth(0, size))).as("root of size %d", size).isEqualTo(ROOTS[size - 1]);
    }
  }

  @Test
  void inclusionProof_publishedVectors_matchAndVerify() {
    MerkleTree tree = MerkleTestData.treeOf(leafHashes());
    NaiveMerkle naive = new NaiveMerkle(leafHashes());
    for (Vector vector : INCLUSION) {
      List<byte[]> proof = tree.inclusionProof(vector.first(), vector.second());
      assertThat(hex(proof)).as("proof %s", vector).isEqualTo(vector.proof());
      assertThat(hex(naive.path((int) vector.first(), (int) vector.second())))
          .isEqualTo(vector.proof());
      byte[] root = hex(ROOTS[(int) vector.second() - 1]);
      byte[] leaf = tree.leafHash(vector.first());
      assertThat(MerkleProofs.verifyInclusion(
          leaf, vector.first(), vector.second(), bytes(vector.proof()), root)).isTrue();
      assertThat(MerkleProofs.rootFromInclusionProof(
          leaf, vector.first(), vector.second(), bytes(vector.proof()))).isEqualTo(root);
    }
  }

  @Test
  void consistencyProof_publishedVectors_matchAndVerify() {
    MerkleTree tree = MerkleTestData.treeOf(leafHashes());
    NaiveMerkle naive = new NaiveMerkle(leafHashes());
    for (Vector vector : CONSISTENCY) {
      List<byte[]> proof = tree.consistencyProof(vector.first(), vector.second());
      assertThat(hex(proof)).as("proof %s", vector).isEqualTo(vector.proof());
      if (vector.first() < vector.second()) {
        assertThat(hex(naive.proof((int) vector.first(), (int) vector.second())))
            .isEqualTo(vector.proof());
      }
      assertThat(MerkleProofs.verifyConsistency(vector.first(), vector.second(),
          hex(ROOTS[(int) vector.first() - 1]), hex(ROOTS[(int) vector.second() - 1]),
          bytes(vector.proof()))).as("verify %s", vector).isTrue();
    }
  }
}
