package dev.cleanroom.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class Ed25519Test {
  // RFC 8032 section 7.1, TEST 1 (empty message) and TEST 2 (one byte 0x72).
  private static final String SECRET_1 = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
  private static final String PUBLIC_1 = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
  private static final String SIGNATURE_1 =
      "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";
  private static final String SECRET_2 = "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb";
  private static final String PUBLIC_2 = "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c";
  private static final String SIGNATURE_2 =
      "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00";

  @Test
  void sign_rfc8032Vector1_matchesKnownAnswer() {
    SigningKey key = SigningKey.fromSeed(SecretBytes.copyOf(Hashes.unhex(SECRET_1)));
    assertThat(Hashes.hex(key.publicKey().bytes())).isEqualTo(PUBLIC_1);
    assertThat(Hashes.hex(key.sign(new byte[0]))).isEqualTo(SIGNATURE_1);
    assertThat(Ed25519.verify(Hashes.unhex(PUBLIC_1), new byte[0], Hashes.unhex(SIGNATURE_1))).isTrue();
  }

  @Test
  void sign_rfc8032Vector2_matchesKnownAnswer() {
    SigningKey key = SigningKey.fromSeed(SecretBytes.copyOf(Hashes.unhex(SECRET_2)));
    assertThat(Hashes.hex(key.publicKey().bytes())).isEqualTo(PUBLIC_2);
    assertThat(Hashes.hex(key.sign(new byte[] {0x72}))).isEqualTo(SIGNATURE_2);
  }

  @Test
  void verify_forgedSignature_isFalse() {
    SigningKey key = SigningKey.generate(new SecureRandom());
    byte[] message = "vote accept".getBytes(StandardCharsets.UTF_8);
    byte[] signature = key.sign(message);
    for (int i = 0; i < signature.length; i++) {
      byte[] forged = signature.clone();
      forged[i] ^= 0x01;
      assertThat(Ed25519.verify(key.publicKey(), message, forged)).as("flipped byte %d", i).isFalse();
    }
  }

  @Test
  void verify_otherMessageOrOtherKey_isFalse() {
    SigningKey key = SigningKey.generate(new SecureRandom());
    SigningKey other = SigningKey.generate(new SecureRandom());
    byte[] signature = key.sign("vote accept".getBytes(StandardCharsets.UTF_8));
    assertThat(Ed25519.verify(key.publicKey(), "vote reject".getBytes(StandardCharsets.UTF_8), signature)).isFalse();
    assertThat(Ed25519.verify(other.publicKey(), "vote accept".getBytes(StandardCharsets.UTF_8), signature)).isFalse();
  }

  @Test
  void verify_wrongLengths_isFalseNotThrown() {
    SigningKey key = SigningKey.generate(new SecureRandom());
    assertThat(Ed25519.verify(key.publicKey().bytes(), new byte[1], new byte[10])).isFalse();
    assertThat(Ed25519.verify(new byte[5], new byte[1], new byte[64])).isFalse();
  }

  @Test
  void keys_toString_neverShowsSecret() {
    SigningKey key = SigningKey.fromSeed(SecretBytes.copyOf(Hashes.unhex(SECRET_1)));
    assertThat(key.toString()).doesNotContain(SECRET_1);
    assertThat(key.exportSeed().toString()).contains("redacted").doesNotContain(SECRET_1);
  }
}
