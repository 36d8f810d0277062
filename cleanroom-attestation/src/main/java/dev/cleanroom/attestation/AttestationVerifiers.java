package dev.cleanroom.attestation;

import dev.cleanroom.core.CleanroomException;

/** Picks the verifier for a report's platform. Only the simulated platform has one so far. */
public final class AttestationVerifiers {
  private static final AttestationVerifier SIMULATED = new SimulatedTeeVerifier();

  private AttestationVerifiers() {}

  public static AttestationVerifier forPlatform(String platform) {
    if (SimulatedTee.PLATFORM.equals(platform)) {
      return SIMULATED;
    }
    throw CleanroomException.unauthenticated("no attestation verifier for platform '" + platform + "'");
  }
}
