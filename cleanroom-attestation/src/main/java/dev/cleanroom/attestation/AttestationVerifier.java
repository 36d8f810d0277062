package dev.cleanroom.attestation;

/**
 * The relying party's side: checks that a report was signed by a genuine platform of its kind and that the guest
 * policy allows no host access to the runtime's memory. It does not decide whether the measurement is acceptable;
 * that is the contract's decision. Implementations are thread-safe and do no I/O unless their Javadoc says so.
 */
public interface AttestationVerifier {
  /** The platform name this verifier understands. */
  String platform();

  /**
   * Verifies {@code report}; throws a {@link dev.cleanroom.core.CleanroomException} of category
   * {@code UNAUTHENTICATED} naming the failed check (wrong platform, bad signature, debug policy).
   */
  VerifiedReport verify(AttestationReport report);

  /**
   * Verifies {@code report} and that its report data binds exactly these runtime keys
   * (see {@link ReportData#bindRuntimeKeys}).
   */
  default VerifiedReport verifyBinding(
      AttestationReport report, dev.cleanroom.core.party.PublicKeyBytes signingKey,
      dev.cleanroom.core.party.PublicKeyBytes sealingKey) {
    VerifiedReport verified = verify(report);
    if (!report.reportData().equals(ReportData.bindRuntimeKeys(signingKey, sealingKey))) {
      throw dev.cleanroom.core.CleanroomException.unauthenticated(
          "attestation report does not bind the runtime's keys: its report data differs from SHA-512 of the"
              + " signing key " + signingKey + " and the sealing key " + sealingKey);
    }
    return verified;
  }
}
