package dev.cleanroom.crypto;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.party.PublicKeyBytes;
import java.security.SecureRandom;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;

/**
 * An X25519 private key that receives sealed results and data keys. Thread-safe and immutable; never printed.
 */
public final class SealingKey {
  private final X25519PrivateKeyParameters privateKey;
  private final PublicKeyBytes publicKey;

  private SealingKey(X25519PrivateKeyParameters privateKey) {
    this.privateKey = privateKey;
    this.publicKey = PublicKeyBytes.of(privateKey.generatePublicKey().getEncoded());
  }

  public static SealingKey generate(SecureRandom random) {
    return new SealingKey(new X25519PrivateKeyParameters(random));
  }

  public static SealingKey fromBytes(SecretBytes bytes) {
    if (bytes.length() != X25519PrivateKeyParameters.KEY_SIZE) {
      throw CleanroomException.invalid(
          "X25519 private key must be " + X25519PrivateKeyParameters.KEY_SIZE + " bytes, got " + bytes.length());
    }
    return new SealingKey(new X25519PrivateKeyParameters(bytes.toByteArray(), 0));
  }

  public PublicKeyBytes publicKey() {
    return publicKey;
  }

  /** Opens a {@link SealedBox} sealed to this key with the same {@code contextInfo}; see {@link SealedBox#open}. */
  public byte[] open(byte[] sealed, byte[] contextInfo) {
    return SealedBox.open(this, sealed, contextInfo);
  }

  public SecretBytes exportPrivate() {
    return SecretBytes.copyOf(privateKey.getEncoded());
  }

  @Override
  public String toString() {
    return "SealingKey[public=" + publicKey + "]";
  }
}
