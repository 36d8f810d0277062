package dev.cleanroom.attestation;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.crypto.Ed25519;

/**
 * Verifies reports of the {@link SimulatedTee}: the platform field, the Ed25519 signature by the simulated
 * platform key, and the guest policy. A report that passes is still SIMULATED: the result says so, and callers
 * must show it. Thread-safe.
 */
public final class SimulatedTeeVerifier implements AttestationVerifier {
  @Override
  public String platform() {
    return SimulatedTee.PLATFORM;
  }

  @Override
  public VerifiedReport verify(AttestationReport report) {
    if (!SimulatedTee.PLATFORM.equals(report.platform())) {
      throw CleanroomException.unauthenticated("attestation report is from platform '" + report.platform()
          + "', not " + SimulatedTee.PLATFORM + "; no verifier for it is configured");
    }
    if (!"Ed25519".equals(report.signatureAlgorithm())) {
      throw CleanroomException.unauthenticated(
          "attestation report signature algorithm '" + report.signatureAlgorithm() + "' is not Ed25519");
    }
    if (!Ed25519.verify(SimulatedTee.platformKey(), report.signedBytes(), report.signatureBytes())) {
      throw CleanroomException.unauthenticated(
          "attestation report signature does not verify with the simulated platform key: the report was altered");
    }
    if (report.policy().debugAllowed()) {
      throw CleanroomException.unauthenticated(
          "attestation report allows debugging: the host can read the runtime's memory, so no key may be released to it");
    }
    return new VerifiedReport(report, true);
  }
}
