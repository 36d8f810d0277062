package dev.cleanroom.ledger;

import static dev.cleanroom.ledger.MerkleTestData.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.ErrorCode;
import org.junit.jupiter.api.Test;

class MerkleHashTest {
  @Test
  void emptyRoot_always_isSha256OfEmptyString() {
    assertThat(hex(MerkleHash.emptyRoot()))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  @Test
  void leafHash_emptyEntry_isSha256OfZeroByte() {
    assertThat(hex(MerkleHash.leafHash(new byte[0])))
        .isEqualTo("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
  }

  @Test
  void leafHash_someEntry_prefixesZeroByte() {
    byte[] entry = hex("40414243");
    assertThat(MerkleHash.leafHash(entry))
        .isEqualTo(NaiveMerkle.sha256(hex("00"), entry))
        .hasSize(MerkleHash.HASH_LENGTH);
  }

  @Test
  void nodeHash_twoHashes_prefixesOneByte() {
    byte[] left = MerkleHash.leafHash(hex("00"));
    byte[] right = MerkleHash.leafHash(hex("10"));
    assertThat(hex(MerkleHash.nodeHash(left, right)))
        .isEqualTo(hex(NaiveMerkle.sha256(hex("01"), left, right)));
  }

  @Test
  void nodeHash_wrongLengthChild_throwsInvalid() {
    byte[] good = MerkleHash.emptyRoot();
    assertThatThrownBy(() -> MerkleHash.nodeHash(good, new byte[31]))
        .isInstanceOf(CleanroomException.class)
        .hasMessageContaining("31")
        .hasMessageContaining("32")
        .extracting(e -> ((CleanroomException) e).code())
        .isEqualTo(ErrorCode.INVALID_ARGUMENT);
  }

  @Test
  void emptyRoot_returnedArray_isAFreshCopy() {
    byte[] root = MerkleHash.emptyRoot();
    root[0] ^= 1;
    assertThat(MerkleHash.emptyRoot()).isNotEqualTo(root);
  }
}
