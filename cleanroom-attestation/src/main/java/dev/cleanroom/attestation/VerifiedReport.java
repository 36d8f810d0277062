package dev.cleanroom.attestation;

/**
 * A report whose platform signature and policy a verifier accepted.
 *
 * @param report the report itself
 * @param simulated whether the platform is the simulated TEE, which gives no protection against the operator
 */
public record VerifiedReport(AttestationReport report, boolean simulated) {
  public String measurement() {
    return report.measurement();
  }
}
