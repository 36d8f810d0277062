package dev.cleanroom.ledger;

import static dev.cleanroom.ledger.MerkleTestData.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Property tests over random tree sizes up to {@value #MAX_SIZE}: every proof matches the naive
 * reference and verifies, and every tampering (a flipped bit in any byte of the proof, another
 * index, another root, a missing or extra element) makes verification fail.
 */
class MerkleProofPropertyTest {
  private static final int MAX_SIZE = 300;
  private static final int EXAMPLES = 300;
  private static final List<byte[]> LEAVES = MerkleTestData.leafHashes(MAX_SIZE);
  private static final MerkleTree TREE = MerkleTestData.treeOf(LEAVES);
  private static final NaiveMerkle NAIVE = new NaiveMerkle(LEAVES);

  @Test
  void inclusionProof_randomLeafAndSize_matchesNaiveAndVerifies() {
    qt().withExamples(EXAMPLES)
        .forAll(integers().between(1, MAX_SIZE), integers().between(0, MAX_SIZE - 1))
        .checkAssert((size, seed) -> {
          int leaf = seed % size;
          List<byte[]> proof = TREE.inclusionProof(leaf, size);
          assertThat(hex(proof)).isEqualTo(hex(NAIVE.path(leaf, size)));
          assertThat(MerkleProofs.verifyInclusion(
              LEAVES.get(leaf), leaf, size, proof, NAIVE.mth(0, size))).isTrue();
        });
  }

  @Test
  void verifyInclusion_anyFlippedProofByte_returnsFalse() {
    qt().withExamples(EXAMPLES)
        .forAll(integers().between(2, MAX_SIZE), integers().between(0, MAX_SIZE - 1),
            integers().between(0, 7))
        .checkAssert((size, seed, bit) -> {
          int leaf = seed % size;
          List<byte[]> proof = TREE.inclusionProof(leaf, size);
          byte[] root = TREE.rootHash(size);
          for (int element = 0; element < proof.size(); element++) {
            for (int position = 0; position < MerkleHash.HASH_LENGTH; position++) {
              List<byte[]> tampered = flip(proof, element, position, bit);
              assertThat(MerkleProofs.verifyInclusion(
                  LEAVES.get(leaf), leaf, size, tampered, root))
                  .as("element %d byte %d bit %d", element, position, bit).isFalse();
            }
          }
        });
  }

  @Test
  void verifyInclusion_wrongIndexRootOrLength_returnsFalse() {
    qt().withExamples(EXAMPLES)
        .forAll(integers().between(2, MAX_SIZE), integers().between(0, MAX_SIZE - 1),
            integers().between(1, MAX_SIZE - 1), integers().between(0, 255))
        .checkAssert((size, seed, shift, rootByte) -> {
          int leaf = seed % size;
          int otherLeaf = (leaf + 1 + shift % (size - 1)) % size;
          List<byte[]> proof = TREE.inclusionProof(leaf, size);
          byte[] root = TREE.rootHash(size);
          byte[] leafHash = LEAVES.get(leaf);
          assertThat(MerkleProofs.verifyInclusion(leafHash, otherLeaf, size, proof, root))
              .as("index %d instead of %d", otherLeaf, leaf).isFalse();
          byte[] wrongRoot = root.clone();
          wrongRoot[rootByte % MerkleHash.HASH_LENGTH] ^= (byte) (1 + rootByte % 255);
          assertThat(MerkleProofs.verifyInclusion(leafHash, leaf, size, proof, wrongRoot))
              .isFalse();
          assertThat(MerkleProofs.verifyInclusion(leafHash, leaf, size, withExtra(proof, root),
              root)).isFalse();
          assertThat(MerkleProofs.verifyInclusion(leafHash, leaf, size,
              proof.subList(0, proof.size() - 1), root)).isFalse();
          assertThat(MerkleProofs.verifyInclusion(LEAVES.get(otherLeaf), leaf, size, proof, root))
              .isFalse();
        });
  }

  @Test
  void consistencyProof_randomSizes_matchesNaiveAndVerifies() {
    qt().withExamples(EXAMPLES)
        .forAll(integers().between(1, MAX_SIZE), integers().between(0, MAX_SIZE))
        .checkAssert((newSize, seed) -> {
          int oldSize = seed % (newSize + 1);
          List<byte[]> proof = TREE.consistencyProof(oldSize, newSize);
          List<byte[]> expected =
              oldSize == 0 || oldSize == newSize ? List.of() : NAIVE.proof(oldSize, newSize);
          assertThat(hex(proof)).isEqualTo(hex(expected));
          assertThat(MerkleProofs.verifyConsistency(oldSize, newSize, NAIVE.mth(0, oldSize),
              NAIVE.mth(0, newSize), proof)).isTrue();
        });
  }

  @Test
  void verifyConsistency_anyTampering_returnsFalse() {
    qt().withExamples(EXAMPLES)
        .forAll(integers().between(2, MAX_SIZE), integers().between(1, MAX_SIZE),
            integers().between(0, 7), integers().between(0, 255))
        .checkAssert((newSize, seed, bit, rootByte) -> {
          int oldSize = 1 + seed % (newSize - 1);
          List<byte[]> proof = TREE.consistencyProof(oldSize, newSize);
          byte[] oldRoot = TREE.rootHash(oldSize);
          byte[] newRoot = TREE.rootHash(newSize);
          for (int element = 0; element < proof.size(); element++) {
            for (int position = 0; position < MerkleHash.HASH_LENGTH; position++) {
              assertThat(MerkleProofs.verifyConsistency(
                  oldSize, newSize, oldRoot, newRoot, flip(proof, element, position, bit)))
                  .as("element %d byte %d bit %d", element, position, bit).isFalse();
            }
          }
          int position = rootByte % MerkleHash.HASH_LENGTH;
          assertThat(MerkleProofs.verifyConsistency(
              oldSize, newSize, flip(oldRoot, position, bit), newRoot, proof)).isFalse();
          assertThat(MerkleProofs.verifyConsistency(
              oldSize, newSize, oldRoot, flip(newRoot, position, bit), proof)).isFalse();
          assertThat(MerkleProofs.verifyConsistency(
              oldSize, newSize, oldRoot, newRoot, withExtra(proof, newRoot))).isFalse();
          assertThat(MerkleProofs.verifyConsistency(
              oldSize, newSize, oldRoot, newRoot, proof.subList(0, proof.size() - 1))).isFalse();
          if (oldSize > 1) {
            assertThat(MerkleProofs.verifyConsistency(
                oldSize - 1, newSize, oldRoot, newRoot, proof)).isFalse();
          }
        });
  }

  private static List<byte[]> flip(List<byte[]> proof, int element, int position, int bit) {
    List<byte[]> copy = new ArrayList<>(proof);
    copy.set(element, flip(proof.get(element), position, bit));
    return copy;
  }

  private static byte[] flip(byte[] hash, int position, int bit) {
    byte[] copy = hash.clone();
    copy[position] ^= (byte) (1 << bit);
    return copy;
  }

  private static List<byte[]> withExtra(List<byte[]> proof, byte[] extra) {
    List<byte[]> copy = new ArrayList<>(proof);
    copy.add(extra);
    return copy;
  }
}
