package dev.cleanroom.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MerkleProofsTest {
  private static final List<byte[]> LEAVES = MerkleTestData.leafHashes(7);
  private static final MerkleTree TREE = MerkleTestData.treeOf(LEAVES);

  @Test
  void verifyInclusion_singleLeafTree_emptyProofVerifies() {
    byte[] leaf = LEAVES.get(0);
    assertThat(MerkleProofs.verifyInclusion(leaf, 0, 1, List.of(), leaf)).isTrue();
  }

  @Test
  void verifyInclusion_wrongLengthHashes_returnsFalse() {
    List<byte[]> proof = TREE.inclusionProof(2, 7);
    byte[] root = TREE.rootHash();
    byte[] leaf = LEAVES.get(2);
    assertThat(MerkleProofs.verifyInclusion(leaf, 2, 7, proof, root)).isTrue();
    assertThat(MerkleProofs.verifyInclusion(new byte[31], 2, 7, proof, root)).isFalse();
    assertThat(MerkleProofs.verifyInclusion(leaf, 2, 7, proof, new byte[0])).isFalse();
    List<byte[]> shortElement = new ArrayList<>(proof);
    shortElement.set(1, new byte[16]);
    assertThat(MerkleProofs.verifyInclusion(leaf, 2, 7, shortElement, root)).isFalse();
  }

  @Test
  void verifyInclusion_indexNotBelowSize_returnsFalse() {
    byte[] leaf = LEAVES.get(0);
    assertThat(MerkleProofs.verifyInclusion(leaf, 0, 0, List.of(), MerkleHash.emptyRoot())).isFalse();
    assertThat(MerkleProofs.verifyInclusion(leaf, 1, 1, List.of(), leaf)).isFalse();
    assertThat(MerkleProofs.verifyInclusion(leaf, -1, 1, List.of(), leaf)).isFalse();
  }

  @Test
  void verifyInclusion_nullArguments_returnsFalse() {
    byte[] leaf = LEAVES.get(0);
    assertThat(MerkleProofs.verifyInclusion(null, 0, 1, List.of(), leaf)).isFalse();
    assertThat(MerkleProofs.verifyInclusion(leaf, 0, 1, null, leaf)).isFalse();
    assertThat(MerkleProofs.verifyInclusion(leaf, 0, 1, List.of(), null)).isFalse();
  }

  @Test
  void rootFromInclusionProof_proofTooLong_throwsIntegrity() {
    List<byte[]> proof = new ArrayList<>(TREE.inclusionProof(3, 7));
    proof.add(TREE.rootHash());
    assertThatThrownBy(() -> MerkleProofs.rootFromInclusionProof(LEAVES.get(3), 3, 7, proof))
        .isInstanceOf(CleanroomException.class)
        .hasMessageContaining("more than")
        .extracting(e -> ((CleanroomException) e).code())
        .isEqualTo(ErrorCode.INTEGRITY);
  }

  @Test
  void rootFromInclusionProof_proofTooShort_throwsIntegrity() {
    List<byte[]> proof = TREE.inclusionProof(3, 7).subList(0, 2);
    assertThatThrownBy(() -> MerkleProofs.rootFromInclusionProof(LEAVES.get(3), 3, 7, proof))
        .isInstanceOf(CleanroomException.class)
        .hasMessageContaining("fewer than")
        .extracting(e -> ((CleanroomException) e).code())
        .isEqualTo(ErrorCode.INTEGRITY);
  }

  @Test
  void rootFromInclusionProof_wrongLengthElement_throwsIntegrity() {
    List<byte[]> proof = new ArrayList<>(TREE.inclusionProof(3, 7));
    proof.set(0, new byte[33]);
    assertThatThrownBy(() -> MerkleProofs.rootFromInclusionProof(LEAVES.get(3), 3, 7, proof))
        .isInstanceOf(CleanroomException.class)
        .hasMessageContaining("element 0")
        .hasMessageContaining("33");
  }

  @Test
  void verifyConsistency_equalSizes_needsEqualRootsAndEmptyProof() {
    byte[] root = TREE.rootHash(4);
    assertThat(MerkleProofs.verifyConsistency(4, 4, root, root, List.of())).isTrue();
    assertThat(MerkleProofs.verifyConsistency(4, 4, root, TREE.rootHash(5), List.of())).isFalse();
    assertThat(MerkleProofs.verifyConsistency(4, 4, root, root, List.of(root))).isFalse();
  }

  @Test
  void verifyConsistency_fromEmptyTree_needsEmptyRootAndEmptyProof() {
    byte[] empty = MerkleHash.emptyRoot();
    byte[] root = TREE.rootHash();
    assertThat(MerkleProofs.verifyConsistency(0, 7, empty, root, List.of())).isTrue();
    assertThat(MerkleProofs.verifyConsistency(0, 0, empty, empty, List.of())).isTrue();
    assertThat(MerkleProofs.verifyConsistency(0, 7, root, root, List.of())).isFalse();
    assertThat(MerkleProofs.verifyConsistency(0, 7, empty, root, List.of(empty))).isFalse();
  }

  @Test
  void verifyConsistency_shrinkingOrNegativeSizes_returnsFalse() {
    byte[] root = TREE.rootHash();
    assertThat(MerkleProofs.verifyConsistency(7, 3, root, root, List.of())).isFalse();
    assertThat(MerkleProofs.verifyConsistency(-1, 3, root, root, List.of())).isFalse();
  }

  @Test
  void verifyConsistency_emptyProofForGrowth_returnsFalse() {
    assertThat(MerkleProofs.verifyConsistency(
        3, 7, TREE.rootHash(3), TREE.rootHash(7), List.of())).isFalse();
  }

  @Test
  void verifyConsistency_wrongLengthHashes_returnsFalse() {
    List<byte[]> proof = TREE.consistencyProof(3, 7);
    byte[] oldRoot = TREE.rootHash(3);
    byte[] newRoot = TREE.rootHash(7);
    assertThat(MerkleProofs.verifyConsistency(3, 7, oldRoot, newRoot, proof)).isTrue();
    assertThat(MerkleProofs.verifyConsistency(3, 7, new byte[8], newRoot, proof)).isFalse();
    assertThat(MerkleProofs.verifyConsistency(3, 7, oldRoot, null, proof)).isFalse();
    List<byte[]> broken = new ArrayList<>(proof);
    broken.set(0, new byte[0]);
    assertThat(MerkleProofs.verifyConsistency(3, 7, oldRoot, newRoot, broken)).isFalse();
    assertThat(MerkleProofs.verifyConsistency(3, 7, oldRoot, newRoot, null)).isFalse();
  }

  @Test
  void verifyConsistency_swappedRoots_returnsFalse() {
    List<byte[]> proof = TREE.consistencyProof(4, 7);
    assertThat(MerkleProofs.verifyConsistency(
        4, 7, TREE.rootHash(7), TREE.rootHash(4), proof)).isFalse();
  }
}
