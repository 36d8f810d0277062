package dev.cleanroom.crypto;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.party.PublicKeyBytes;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * Ed25519 (RFC 8032) verification with BouncyCastle's implementation, which is about ten times faster than the
 * JDK 17 provider. Stateless and thread-safe.
 *
 * <p>Security guarantees: {@link #verify} returns true only for a signature made by the private key matching
 * {@code publicKey} over exactly {@code message}; malformed keys or signatures verify as false, never throw.
 */
public final class Ed25519 {
  public static final int SIGNATURE_LENGTH = 64;

  private Ed25519() {}

  public static boolean verify(PublicKeyBytes publicKey, byte[] message, byte[] signature) {
    return verify(publicKey.bytes(), message, signature);
  }

  public static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
    if (publicKey == null || signature == null || message == null) {
      return false;
    }
    if (publicKey.length != Ed25519PublicKeyParameters.KEY_SIZE || signature.length != SIGNATURE_LENGTH) {
      return false;
    }
    try {
      Ed25519Signer verifier = new Ed25519Signer();
      verifier.init(false, new Ed25519PublicKeyParameters(publicKey, 0));
      verifier.update(message, 0, message.length);
      return verifier.verifySignature(signature);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Throws {@link CleanroomException} UNAUTHENTICATED naming {@code what} when the signature fails. */
  public static void requireValid(PublicKeyBytes publicKey, byte[] message, byte[] signature, String what) {
    if (!verify(publicKey, message, signature)) {
      throw CleanroomException.unauthenticated("signature of " + what + " does not verify");
    }
  }

  static byte[] sign(Ed25519PrivateKeyParameters privateKey, byte[] message) {
    Ed25519Signer signer = new Ed25519Signer();
    signer.init(true, privateKey);
    signer.update(message, 0, message.length);
    return signer.generateSignature();
  }
}
