package dev.cleanroom.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.ErrorCode;
import dev.cleanroom.core.party.PublicKeyBytes;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SealedBoxTest {
  private static final byte[] CONTEXT = utf8("cleanroom key release/1|room-7|offers/customers@1|runtime-key-3");

  // RFC 9180 test vector, mode_base, kem_id 0x0020, kdf_id 0x0001, aead_id 0x0002, from the test-vectors.json
  // published with the RFC (the RFC's appendix prints only the AES-128-GCM and ChaCha20 variants of X25519).
  private static final String INFO = "4f6465206f6e2061204772656369616e2055726e";
  private static final String SK_RM = "497b4502664cfea5d5af0b39934dac72242a74f8480451e1aee7d6a53320333d";
  private static final String PK_RM = "430f4b9859665145a6b1ba274024487bd66f03a2dd577d7753c68d7d7d00c00c";
  private static final String ENC = "6c93e09869df3402d7bf231bf540fadd35cd56be14f97178f0954db94b7fc256";
  private static final String AAD_0 = "436f756e742d30";
  private static final String CT_0 =
      "e5d84cd531cfb583096e7cfa9641bd3079cf3a91cda813c52deb5f512be9931980a41de125a925cdad859d5b7a";
  private static final String PT = "4265617574792069732074727574682c20747275746820626561757479";

  private final SealingKey recipient = SealingKey.generate(new SecureRandom());

  @Test
  void seal_open_roundTrips() {
    byte[] dataKey = new byte[32];
    new SecureRandom().nextBytes(dataKey);
    byte[] sealed = SealedBox.seal(recipient.publicKey(), dataKey, CONTEXT);
    assertThat(sealed).hasSize(dataKey.length + SealedBox.OVERHEAD);
    assertThat(SealedBox.open(recipient, sealed, CONTEXT)).isEqualTo(dataKey);
    assertThat(recipient.open(sealed, CONTEXT)).isEqualTo(dataKey);
  }

  @Test
  void seal_emptyPlaintext_roundTrips() {
    byte[] sealed = SealedBox.seal(recipient.publicKey(), new byte[0], CONTEXT);
    assertThat(sealed).hasSize(SealedBox.OVERHEAD);
    assertThat(SealedBox.open(recipient, sealed, CONTEXT)).isEmpty();
  }

  @Test
  void seal_twice_givesDifferentBoxes() {
    byte[] plaintext = utf8("same message");
    assertThat(SealedBox.seal(recipient.publicKey(), plaintext, CONTEXT))
        .isNotEqualTo(SealedBox.seal(recipient.publicKey(), plaintext, CONTEXT));
  }

  @Test
  void open_wrongRecipientKey_isUnauthenticated() {
    byte[] sealed = SealedBox.seal(recipient.publicKey(), utf8("data key"), CONTEXT);
    SealingKey other = SealingKey.generate(new SecureRandom());
    assertFailsToOpen(other, sealed, CONTEXT);
  }

  @Test
  void open_wrongContext_isUnauthenticated() {
    byte[] sealed = SealedBox.seal(recipient.publicKey(), utf8("data key"), CONTEXT);
    assertFailsToOpen(recipient, sealed, utf8("cleanroom result delivery/1|room-7|query-9|party-2"));
    assertFailsToOpen(recipient, sealed, Arrays.copyOf(CONTEXT, CONTEXT.length - 1));
  }

  @Test
  void open_anyByteTampered_isUnauthenticated() {
    byte[] sealed = SealedBox.seal(recipient.publicKey(), utf8("data key"), CONTEXT);
    for (int i = 0; i < sealed.length; i++) {
      byte[] tampered = sealed.clone();
      tampered[i] ^= 0x01;
      CleanroomException failure =
          catchThrowableOfType(CleanroomException.class, () -> SealedBox.open(recipient, tampered, CONTEXT));
      assertThat(failure).as("flipped byte %d", i).isNotNull();
      assertThat(failure.code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
    }
  }

  @Test
  void open_truncated_isMalformed() {
    byte[] sealed = SealedBox.seal(recipient.publicKey(), utf8("data key"), CONTEXT);
    assertThatThrownBy(() -> SealedBox.open(recipient, Arrays.copyOf(sealed, 47), CONTEXT))
        .isInstanceOf(CleanroomException.class)
        .hasMessage("sealed box is 47 bytes, shorter than the 48-byte minimum")
        .extracting(e -> ((CleanroomException) e).code())
        .isEqualTo(ErrorCode.MALFORMED_INPUT);
    assertFailsToOpen(recipient, Arrays.copyOf(sealed, sealed.length - 1), CONTEXT);
  }

  @Test
  void open_failureMessage_namesNoKeyMaterial() {
    byte[] sealed = SealedBox.seal(recipient.publicKey(), utf8("data key"), CONTEXT);
    SealingKey other = SealingKey.generate(new SecureRandom());
    CleanroomException failure =
        catchThrowableOfType(CleanroomException.class, () -> SealedBox.open(other, sealed, CONTEXT));
    assertThat(failure.getMessage())
        .isEqualTo("sealed box could not be opened with the key for " + other.publicKey()
            + ": wrong recipient key, wrong context, or tampered")
        .doesNotContain(Hashes.hex(other.exportPrivate().toByteArray()))
        .doesNotContain(Base64.getEncoder().encodeToString(other.exportPrivate().toByteArray()));
    assertThat(failure.getCause()).isNull();
  }

  @Test
  void seal_emptyContext_isInvalid() {
    assertThatThrownBy(() -> SealedBox.seal(recipient.publicKey(), new byte[1], new byte[0]))
        .isInstanceOf(CleanroomException.class)
        .hasMessageContaining("contextInfo must not be empty");
  }

  @Test
  void seal_lowOrderPublicKey_isInvalid() {
    // The all-zero point gives an all-zero shared secret, which RFC 9180 requires senders to refuse.
    assertThatThrownBy(() -> SealedBox.seal(
            PublicKeyBytes.of(new byte[32]), new byte[1], CONTEXT))
        .isInstanceOf(CleanroomException.class)
        .hasMessageContaining("cannot be sealed to");
  }

  /** The RFC's receiver key and encapsulated key: our opening derives exactly the RFC's key schedule. */
  @Test
  void open_rfc9180VectorX25519Sha256Aes256Gcm_matchesKnownAnswer() throws Exception {
    SealingKey rfcRecipient = SealingKey.fromBytes(SecretBytes.copyOf(Hashes.unhex(SK_RM)));
    assertThat(Hashes.hex(rfcRecipient.publicKey().bytes())).isEqualTo(PK_RM);

    // The reference implementation reproduces the RFC's first encryption (sequence 0, aad "Count-0").
    Rfc9180Reference.Context context = Rfc9180Reference.setupBaseReceiver(
        Hashes.unhex(ENC), Hashes.unhex(SK_RM), Hashes.unhex(INFO));
    assertThat(context.open(Hashes.unhex(CT_0), Hashes.unhex(AAD_0))).isEqualTo(Hashes.unhex(PT));

    // A sealed box is enc || Seal(key, base_nonce, aad = "", pt): the same context with empty associated data.
    byte[] sealed = concat(Hashes.unhex(ENC), context.seal(Hashes.unhex(PT), new byte[0]));
    assertThat(SealedBox.open(rfcRecipient, sealed, Hashes.unhex(INFO))).isEqualTo(Hashes.unhex(PT));
  }

  /** What we seal opens under the independent RFC 9180 reference: the box is plain single-shot HPKE. */
  @Test
  void seal_output_opensWithRfc9180Reference() throws Exception {
    byte[] plaintext = utf8("result rows");
    byte[] sealed = SealedBox.seal(recipient.publicKey(), plaintext, CONTEXT);
    byte[] encapsulatedKey = Arrays.copyOf(sealed, SealedBox.ENCAPSULATED_KEY_LENGTH);
    byte[] ciphertext = Arrays.copyOfRange(sealed, SealedBox.ENCAPSULATED_KEY_LENGTH, sealed.length);
    Rfc9180Reference.Context context = Rfc9180Reference.setupBaseReceiver(
        encapsulatedKey, recipient.exportPrivate().toByteArray(), CONTEXT);
    assertThat(context.open(ciphertext, new byte[0])).isEqualTo(plaintext);
  }

  private static void assertFailsToOpen(SealingKey key, byte[] sealed, byte[] context) {
    assertThatThrownBy(() -> SealedBox.open(key, sealed, context))
        .isInstanceOf(CleanroomException.class)
        .hasMessageContaining("sealed box could not be opened")
        .extracting(e -> ((CleanroomException) e).code())
        .isEqualTo(ErrorCode.UNAUTHENTICATED);
  }

  private static byte[] concat(byte[] first, byte[] second) {
    byte[] out = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, out, first.length, second.length);
    return out;
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
