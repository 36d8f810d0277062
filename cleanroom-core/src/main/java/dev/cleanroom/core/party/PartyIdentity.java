package dev.cleanroom.core.party;

import java.util.Objects;

/**
 * The public identity of a party: its name, the Ed25519 key that verifies everything it signs, and the X25519 key
 * that results and data keys are sealed to. This is what a {@code .pub} file holds and what a contract lists.
 */
public record PartyIdentity(PartyId party, PublicKeyBytes signingKey, PublicKeyBytes sealingKey) {
  public PartyIdentity {
    Objects.requireNonNull(party, "party");
    Objects.requireNonNull(signingKey, "signingKey");
    Objects.requireNonNull(sealingKey, "sealingKey");
  }
}
