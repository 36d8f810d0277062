package dev.cleanroom.crypto.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.ErrorCode;
import dev.cleanroom.crypto.Hashes;
import dev.cleanroom.crypto.SecretBytes;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class DataKeyTest {
  @Test
  void generate_twice_givesDifferent32ByteKeys() {
    SecureRandom random = new SecureRandom();
    DataKey first = DataKey.generate(random);
    DataKey second = DataKey.generate(random);
    assertThat(first.exportBytes().length()).isEqualTo(DataKey.LENGTH);
    assertThat(first.equalsKey(second)).isFalse();
    assertThat(first.equalsKey(first)).isTrue();
  }

  @Test
  void fromBytes_exportBytes_roundTrips() {
    DataKey key = DataKey.generate(new SecureRandom());
    assertThat(DataKey.fromBytes(key.exportBytes()).equalsKey(key)).isTrue();
  }

  @Test
  void fromBase64_exportBase64_roundTrips() {
    DataKey key = DataKey.generate(new SecureRandom());
    assertThat(DataKey.fromBase64(key.exportBase64()).equalsKey(key)).isTrue();
  }

  @Test
  void fromBytes_wrongLength_isInvalidAndNamesTheLengths() {
    assertThatThrownBy(() -> DataKey.fromBytes(SecretBytes.copyOf(new byte[16])))
        .isInstanceOf(CleanroomException.class)
        .hasMessage("data key must be 32 bytes, got 16")
        .extracting(e -> ((CleanroomException) e).code())
        .isEqualTo(ErrorCode.INVALID_ARGUMENT);
  }

  @Test
  void fromBase64_notBase64_isInvalid() {
    assertThatThrownBy(() -> DataKey.fromBase64("not base64!"))
        .isInstanceOf(CleanroomException.class)
        .hasMessage("data key is not valid base64");
  }

  @Test
  void toString_neverShowsTheKey() {
    DataKey key = DataKey.generate(new SecureRandom());
    byte[] raw = key.exportBytes().toByteArray();
    assertThat(key.toString())
        .isEqualTo("DataKey[redacted]")
        .doesNotContain(key.exportBase64())
        .doesNotContain(Hashes.hex(raw));
  }
}
