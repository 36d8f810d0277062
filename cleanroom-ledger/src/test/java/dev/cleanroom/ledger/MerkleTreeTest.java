package dev.cleanroom.ledger;

import static dev.cleanroom.ledger.MerkleTestData.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.ErrorCode;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class MerkleTreeTest {
  private static final int EXHAUSTIVE_SIZE = 128;
  private static final List<byte[]> LEAVES = MerkleTestData.leafHashes(EXHAUSTIVE_SIZE);

  @Test
  void rootHash_everyPrefixSize_matchesNaiveImplementation() {
    MerkleTree tree = new MerkleTree();
    NaiveMerkle naive = new NaiveMerkle(LEAVES);
    for (int size = 1; size <= EXHAUSTIVE_SIZE; size++) {
      tree.append(LEAVES.get(size - 1));
      assertThat(tree.rootHash()).as("root of size %d", size).isEqualTo(naive.mth(0, size));
    }
    for (int size = 0; size <= EXHAUSTIVE_SIZE; size++) {
      assertThat(tree.rootHash(size)).as("historical root %d", size).isEqualTo(naive.mth(0, size));
    }
  }

  @Test
  void inclusionProof_everyLeafOfEveryPrefix_matchesNaiveAndVerifies() {
    MerkleTree tree = MerkleTestData.treeOf(LEAVES);
    NaiveMerkle naive = new NaiveMerkle(LEAVES);
    for (int size = 1; size <= EXHAUSTIVE_SIZE; size++) {
      byte[] root = naive.mth(0, size);
      for (int leaf = 0; leaf < size; leaf++) {
        List<byte[]> proof = tree.inclusionProof(leaf, size);
        assertThat(hex(proof)).as("proof %d of %d", leaf, size).isEqualTo(hex(naive.path(leaf, size)));
        assertThat(MerkleProofs.verifyInclusion(LEAVES.get(leaf), leaf, size, proof, root)).isTrue();
      }
    }
  }

  @Test
  void consistencyProof_everyPairOfPrefixes_matchesNaiveAndVerifies() {
    MerkleTree tree = MerkleTestData.treeOf(LEAVES);
    NaiveMerkle naive = new NaiveMerkle(LEAVES);
    for (int newSize = 0; newSize <= EXHAUSTIVE_SIZE; newSize++) {
      for (int oldSize = 0; oldSize <= newSize; oldSize++) {
        List<byte[]> proof = tree.consistencyProof(oldSize, newSize);
        List<byte[]> expected =
            oldSize == 0 || oldSize == newSize ? List.of() : naive.proof(oldSize, newSize);
        assertThat(hex(proof)).as("proof %d to %d", oldSize, newSize).isEqualTo(hex(expected));
        assertThat(MerkleProofs.verifyConsistency(
                oldSize, newSize, naive.mth(0, oldSize), naive.mth(0, newSize), proof))
            .as("verify %d to %d", oldSize, newSize)
            .isTrue();
      }
    }
  }

  @Test
  void leafHash_appendedHash_isReturnedAsCopy() {
    MerkleTree tree = MerkleTestData.treeOf(LEAVES.subList(0, 3));
    byte[] leaf = tree.leafHash(2);
    assertThat(leaf).isEqualTo(LEAVES.get(2));
    leaf[0] ^= 1;
    assertThat(tree.leafHash(2)).isEqualTo(LEAVES.get(2));
  }

  @Test
  void append_inputArrayModifiedAfterwards_treeUnchanged() {
    byte[] leaf = LEAVES.get(0).clone();
    MerkleTree tree = new MerkleTree();
    tree.append(leaf);
    leaf[0] ^= 1;
    assertThat(tree.rootHash()).isEqualTo(LEAVES.get(0));
  }

  @Test
  void append_wrongLengthHash_throwsInvalidNamingLengths() {
    MerkleTree tree = new MerkleTree();
    assertInvalid(() -> tree.append(new byte[33]), "33", "32");
    assertThat(tree.size()).isZero();
  }

  @Test
  void rootHash_sizeBeyondTree_throwsInvalidNamingValueAndLimit() {
    MerkleTree tree = MerkleTestData.treeOf(LEAVES.subList(0, 5));
    assertInvalid(() -> tree.rootHash(6), "6", "5");
    assertInvalid(() -> tree.rootHash(-1), "-1", "5");
  }

  @Test
  void leafHash_indexOutOfRange_throwsInvalidNamingValueAndLimit() {
    MerkleTree tree = MerkleTestData.treeOf(LEAVES.subList(0, 5));
    assertInvalid(() -> tree.leafHash(5), "5", "5 leaves");
    assertInvalid(() -> tree.leafHash(-2), "-2", "5 leaves");
  }

  @Test
  void inclusionProof_invalidIndexOrSize_throwsInvalid() {
    MerkleTree tree = MerkleTestData.treeOf(LEAVES.subList(0, 5));
    assertInvalid(() -> tree.inclusionProof(3, 3), "3", "tree size 3");
    assertInvalid(() -> tree.inclusionProof(-1, 3), "-1", "3");
    assertInvalid(() -> tree.inclusionProof(0, 6), "6", "5");
    assertInvalid(() -> tree.inclusionProof(0, 0), "0");
  }

  @Test
  void consistencyProof_invalidSizes_throwsInvalid() {
    MerkleTree tree = MerkleTestData.treeOf(LEAVES.subList(0, 5));
    assertInvalid(() -> tree.consistencyProof(4, 3), "4", "3");
    assertInvalid(() -> tree.consistencyProof(-1, 3), "-1");
    assertInvalid(() -> tree.consistencyProof(2, 6), "6", "5");
  }

  @Test
  void append_millionLeaves_rootsAndProofsStayConsistent() {
    int count = 1 << 20;
    byte[][] leaves = new byte[count + 7][];
    for (int i = 0; i < leaves.length; i++) {
      leaves[i] = MerkleTestData.syntheticLeafHash(i);
    }
    MerkleTree tree = new MerkleTree();
    long started = System.nanoTime();
    byte[] previousRoot = tree.rootHash();
    long previousSize = 0;
    for (byte[] leaf : leaves) {
      tree.append(leaf);
      if (tree.size() % 4096 == 0) {
        previousRoot = tree.rootHash();
        previousSize = tree.size();
      }
    }
    long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
    // A generous bound that only an accidental O(n) step per append or per root would break.
    assertThat(elapsedMillis).isLessThan(10_000);

    byte[] root = tree.rootHash();
    List<byte[]> consistency = tree.consistencyProof(previousSize, tree.size());
    assertThat(MerkleProofs.verifyConsistency(
        previousSize, tree.size(), previousRoot, root, consistency)).isTrue();
    for (long leaf : new long[] {0, 12_345, count - 1, count, count + 6}) {
      List<byte[]> proof = tree.inclusionProof(leaf, tree.size());
      assertThat(MerkleProofs.verifyInclusion(
          leaves[(int) leaf], leaf, tree.size(), proof, root)).as("leaf %d", leaf).isTrue();
    }
  }

  private static void assertInvalid(ThrowingCallable call, String... messageParts) {
    assertThatThrownBy(call)
        .isInstanceOf(CleanroomException.class)
        .satisfies(e -> assertThat(((CleanroomException) e).code())
            .isEqualTo(ErrorCode.INVALID_ARGUMENT))
        .message()
        .contains(messageParts);
  }
}
