package dev.cleanroom.protocol;

import dev.cleanroom.crypto.SealingKey;
import dev.cleanroom.crypto.SigningKey;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * The keys of one run of the runtime: an Ed25519 key that signs ledger roots and an X25519 key that data keys will
 * be sealed to. They live in memory only; a restarted runtime makes new ones and registers them on every room's
 * ledger before it signs anything. The attestation report of the runtime binds these two public keys.
 */
public final class RuntimeIdentity {
  private final SigningKey signingKey;
  private final SealingKey sealingKey;

  private RuntimeIdentity(SigningKey signingKey, SealingKey sealingKey) {
    this.signingKey = Objects.requireNonNull(signingKey);
    this.sealingKey = Objects.requireNonNull(sealingKey);
  }

  public static RuntimeIdentity generate(SecureRandom random) {
    return new RuntimeIdentity(SigningKey.generate(random), SealingKey.generate(random));
  }

  public SigningKey signingKey() {
    return signingKey;
  }

  public SealingKey sealingKey() {
    return sealingKey;
  }

  @Override
  public String toString() {
    return "RuntimeIdentity[signing=" + signingKey.publicKey() + "]";
  }
}
