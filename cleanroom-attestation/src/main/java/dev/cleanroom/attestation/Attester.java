package dev.cleanroom.attestation;

/**
 * The platform side of attestation: produces a signed report about the code running here. A hardware adapter asks
 * the processor (for AMD SEV-SNP, the {@code SNP_GET_REPORT} guest request via {@code /dev/sev-guest}); the
 * {@link SimulatedTee} signs with a key anyone can know. Implementations are thread-safe.
 */
public interface Attester {
  /** The platform name reports from this attester carry, which also selects the verifier. */
  String platform();

  /**
   * A fresh report of this runtime's measurement with {@code reportData} (128 hex characters, see
   * {@link ReportData}) embedded.
   */
  AttestationReport attest(String reportData);
}
