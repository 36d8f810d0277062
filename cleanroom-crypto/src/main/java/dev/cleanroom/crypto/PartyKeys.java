package dev.cleanroom.crypto;

import dev.cleanroom.core.party.PartyId;
import dev.cleanroom.core.party.PartyIdentity;
import java.security.SecureRandom;
import java.util.Objects;

/** A party's two private keys and its name. Only the party itself ever holds this. */
public record PartyKeys(PartyId party, SigningKey signingKey, SealingKey sealingKey) {
  public PartyKeys {
    Objects.requireNonNull(party, "party");
    Objects.requireNonNull(signingKey, "signingKey");
    Objects.requireNonNull(sealingKey, "sealingKey");
  }

  public static PartyKeys generate(PartyId party, SecureRandom random) {
    return new PartyKeys(party, SigningKey.generate(random), SealingKey.generate(random));
  }

  public PartyIdentity identity() {
    return new PartyIdentity(party, signingKey.publicKey(), sealingKey.publicKey());
  }

  public byte[] sign(byte[] message) {
    return signingKey.sign(message);
  }
}
