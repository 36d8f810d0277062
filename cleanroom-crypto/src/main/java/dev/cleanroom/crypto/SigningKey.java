package dev.cleanroom.crypto;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.party.PublicKeyBytes;
import java.security.SecureRandom;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

/**
 * An Ed25519 private key that signs. Thread-safe: signing keeps no state between calls. {@link #toString()} never
 * shows the key.
 */
public final class SigningKey {
  private final Ed25519PrivateKeyParameters privateKey;
  private final PublicKeyBytes publicKey;

  private SigningKey(Ed25519PrivateKeyParameters privateKey) {
    this.privateKey = privateKey;
    this.publicKey = PublicKeyBytes.of(privateKey.generatePublicKey().getEncoded());
  }

  public static SigningKey generate(SecureRandom random) {
    return new SigningKey(new Ed25519PrivateKeyParameters(random));
  }

  public static SigningKey fromSeed(SecretBytes seed) {
    if (seed.length() != Ed25519PrivateKeyParameters.KEY_SIZE) {
      throw CleanroomException.invalid(
          "Ed25519 private key must be " + Ed25519PrivateKeyParameters.KEY_SIZE + " bytes, got " + seed.length());
    }
    return new SigningKey(new Ed25519PrivateKeyParameters(seed.toByteArray(), 0));
  }

  public byte[] sign(byte[] message) {
    return Ed25519.sign(privateKey, message);
  }

  public PublicKeyBytes publicKey() {
    return publicKey;
  }

  /** The private seed, for writing a key file that the owner keeps. */
  public SecretBytes exportSeed() {
    return SecretBytes.copyOf(privateKey.getEncoded());
  }

  @Override
  public String toString() {
    return "SigningKey[public=" + publicKey + "]";
  }
}
