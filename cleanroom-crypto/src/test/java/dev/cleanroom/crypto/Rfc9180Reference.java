package dev.cleanroom.crypto;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;

/**
 * An independent, deliberately plain rendering of RFC 9180's receiver side for one suite (base mode,
 * DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-256-GCM), written from the RFC's sections 4.1, 5.1 and 7 to check
 * the production code against. Test use only.
 */
final class Rfc9180Reference {
  private static final byte[] VERSION = ascii("HPKE-v1");
  private static final byte[] KEM_SUITE = {'K', 'E', 'M', 0x00, 0x20};
  private static final byte[] HPKE_SUITE = {'H', 'P', 'K', 'E', 0x00, 0x20, 0x00, 0x01, 0x00, 0x02};

  /** The AEAD key and base nonce a receiver derives. */
  record Context(byte[] key, byte[] baseNonce) {
    byte[] open(byte[] ciphertext, byte[] associatedData) throws GeneralSecurityException {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, baseNonce));
      cipher.updateAAD(associatedData);
      return cipher.doFinal(ciphertext);
    }

    byte[] seal(byte[] plaintext, byte[] associatedData) throws GeneralSecurityException {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, baseNonce));
      cipher.updateAAD(associatedData);
      return cipher.doFinal(plaintext);
    }
  }

  private Rfc9180Reference() {}

  /** SetupBaseR(enc, skR, info). */
  static Context setupBaseReceiver(byte[] encapsulatedKey, byte[] recipientPrivate, byte[] info)
      throws GeneralSecurityException {
    X25519PrivateKeyParameters privateKey = new X25519PrivateKeyParameters(recipientPrivate, 0);
    byte[] recipientPublic = privateKey.generatePublicKey().getEncoded();
    byte[] dh = new byte[32];
    privateKey.generateSecret(new X25519PublicKeyParameters(encapsulatedKey, 0), dh, 0);
    byte[] kemContext = concat(encapsulatedKey, recipientPublic);
    byte[] eaePrk = labeledExtract(KEM_SUITE, new byte[0], "eae_prk", dh);
    byte[] sharedSecret = labeledExpand(KEM_SUITE, eaePrk, "shared_secret", kemContext, 32);

    byte[] pskIdHash = labeledExtract(HPKE_SUITE, new byte[0], "psk_id_hash", new byte[0]);
    byte[] infoHash = labeledExtract(HPKE_SUITE, new byte[0], "info_hash", info);
    byte[] keyScheduleContext = concat(new byte[] {0x00}, pskIdHash, infoHash);
    byte[] secret = labeledExtract(HPKE_SUITE, sharedSecret, "secret", new byte[0]);
    return new Context(
        labeledExpand(HPKE_SUITE, secret, "key", keyScheduleContext, 32),
        labeledExpand(HPKE_SUITE, secret, "base_nonce", keyScheduleContext, 12));
  }

  private static byte[] labeledExtract(byte[] suite, byte[] salt, String label, byte[] inputKey)
      throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    // HKDF-Extract with an empty salt uses a string of zeros of the hash length, which HMAC pads to anyway.
    mac.init(new SecretKeySpec(salt.length == 0 ? new byte[32] : salt, "HmacSHA256"));
    return mac.doFinal(concat(VERSION, suite, ascii(label), inputKey));
  }

  private static byte[] labeledExpand(byte[] suite, byte[] pseudoRandomKey, String label, byte[] info, int length)
      throws GeneralSecurityException {
    if (length > 32) {
      throw new IllegalArgumentException("one HMAC block is enough for this suite");
    }
    byte[] labeledInfo = concat(new byte[] {0, (byte) length}, VERSION, suite, ascii(label), info);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(pseudoRandomKey, "HmacSHA256"));
    mac.update(labeledInfo);
    mac.update((byte) 1);
    byte[] block = mac.doFinal();
    byte[] out = new byte[length];
    System.arraycopy(block, 0, out, 0, length);
    return out;
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
