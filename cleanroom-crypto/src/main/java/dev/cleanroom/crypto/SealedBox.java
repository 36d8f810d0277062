package dev.cleanroom.crypto;

import com.google.crypto.tink.AccessesPartialKey;
import com.google.crypto.tink.HybridDecrypt;
import com.google.crypto.tink.HybridEncrypt;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.LowLevelCryptoCaller;
import com.google.crypto.tink.hybrid.HpkeParameters;
import com.google.crypto.tink.hybrid.HpkePrivateKey;
import com.google.crypto.tink.hybrid.HpkePublicKey;
import com.google.crypto.tink.hybrid.subtle.HpkeDecrypt;
import com.google.crypto.tink.hybrid.subtle.HpkeEncrypt;
import com.google.crypto.tink.util.Bytes;
import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.ErrorCode;
import dev.cleanroom.core.party.PublicKeyBytes;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Objects;

/**
 * Public-key encryption of a small message to one X25519 key: key release (a data key wrapped to the runtime's
 * attested key) and result delivery (a result sealed to a recipient party).
 *
 * <p>The suite is HPKE (RFC 9180) in base mode (0x00) with DHKEM(X25519, HKDF-SHA256) (KEM 0x0020),
 * HKDF-SHA256 (KDF 0x0001) and AES-256-GCM (AEAD 0x0002), single-shot: the sealed box is the 32-byte
 * encapsulated key {@code enc} followed by the AEAD ciphertext of the first (sequence 0) message, which carries
 * a 16-byte tag. {@code contextInfo} is HPKE's {@code info}; the AEAD's associated data is empty.
 *
 * <p>Security guarantees: only the holder of the recipient's private key can open a box, and it opens only with
 * the exact {@code contextInfo} it was sealed with, so a box made for one purpose (say
 * {@code "cleanroom key release/1|room|dataset|runtime-key"}) cannot be replayed as another. The sender is not
 * authenticated: sign what you seal if the recipient must know who sent it. Stateless and thread-safe.
 */
@AccessesPartialKey
@LowLevelCryptoCaller
public final class SealedBox {
  /** Length of the encapsulated X25519 key at the start of every box. */
  public static final int ENCAPSULATED_KEY_LENGTH = 32;

  /** Bytes a box adds to its plaintext: the encapsulated key and the AES-GCM tag. */
  public static final int OVERHEAD = ENCAPSULATED_KEY_LENGTH + 16;

  /** The suite in RFC 9180 terms, for manifests and documentation. */
  public static final String SUITE =
      "HPKE base mode, DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-256-GCM (RFC 9180: 0x0020, 0x0001, 0x0002)";

  private static final HpkeParameters PARAMETERS = parameters();

  private SealedBox() {}

  /**
   * Seals {@code plaintext} to {@code recipientX25519}, bound to {@code contextInfo}.
   *
   * @param contextInfo names the purpose and what the box belongs to; must not be empty
   */
  public static byte[] seal(PublicKeyBytes recipientX25519, byte[] plaintext, byte[] contextInfo) {
    Objects.requireNonNull(recipientX25519, "recipient public key");
    Objects.requireNonNull(plaintext, "plaintext");
    requireContext(contextInfo);
    HybridEncrypt encrypt;
    try {
      encrypt = HpkeEncrypt.create(
          HpkePublicKey.create(PARAMETERS, Bytes.copyFrom(recipientX25519.bytes()), null));
    } catch (GeneralSecurityException e) {
      throw CleanroomException.invalid("recipient X25519 public key " + recipientX25519 + " cannot be sealed to");
    }
    try {
      return encrypt.encrypt(plaintext, contextInfo);
    } catch (GeneralSecurityException e) {
      // X25519 refuses public keys of small order (an all-zero shared secret); nothing else fails here.
      throw CleanroomException.invalid("recipient X25519 public key " + recipientX25519 + " cannot be sealed to");
    }
  }

  /**
   * Opens a box sealed to {@code recipient}'s public key with the same {@code contextInfo}.
   *
   * @throws CleanroomException {@link ErrorCode#UNAUTHENTICATED} when the box does not open (wrong recipient
   *     key, wrong context or tampered), {@link ErrorCode#MALFORMED_INPUT} when it is too short to be a box
   */
  public static byte[] open(SealingKey recipient, byte[] sealed, byte[] contextInfo) {
    Objects.requireNonNull(recipient, "recipient");
    Objects.requireNonNull(sealed, "sealed box");
    requireContext(contextInfo);
    if (sealed.length < OVERHEAD) {
      throw CleanroomException.malformed(
          "sealed box is " + sealed.length + " bytes, shorter than the " + OVERHEAD + "-byte minimum");
    }
    HybridDecrypt decrypt = decrypterFor(recipient);
    try {
      return decrypt.decrypt(sealed, contextInfo);
    } catch (GeneralSecurityException e) {
      throw CleanroomException.unauthenticated(
          "sealed box could not be opened with the key for " + recipient.publicKey()
              + ": wrong recipient key, wrong context, or tampered");
    }
  }

  private static HybridDecrypt decrypterFor(SealingKey recipient) {
    byte[] privateKey = recipient.exportPrivate().toByteArray();
    try {
      HpkePublicKey publicKey =
          HpkePublicKey.create(PARAMETERS, Bytes.copyFrom(recipient.publicKey().bytes()), null);
      return HpkeDecrypt.create(HpkePrivateKey.create(
          publicKey,
          com.google.crypto.tink.util.SecretBytes.copyFrom(privateKey, InsecureSecretKeyAccess.get())));
    } catch (GeneralSecurityException e) {
      throw new CleanroomException(ErrorCode.INTERNAL, "X25519 sealing key could not be loaded for HPKE", e);
    } finally {
      Arrays.fill(privateKey, (byte) 0);
    }
  }

  private static void requireContext(byte[] contextInfo) {
    Objects.requireNonNull(contextInfo, "contextInfo");
    if (contextInfo.length == 0) {
      throw CleanroomException.invalid("sealed box contextInfo must not be empty: it names the box's purpose");
    }
  }

  private static HpkeParameters parameters() {
    try {
      return HpkeParameters.builder()
          .setVariant(HpkeParameters.Variant.NO_PREFIX)
          .setKemId(HpkeParameters.KemId.DHKEM_X25519_HKDF_SHA256)
          .setKdfId(HpkeParameters.KdfId.HKDF_SHA256)
          .setAeadId(HpkeParameters.AeadId.AES_256_GCM)
          .build();
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
