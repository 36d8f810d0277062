package dev.cleanroom.attestation;

import dev.cleanroom.core.CleanroomException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A platform's signed statement about a runtime: which code it launched (the measurement), under which policy,
 * on which chip, and 64 bytes of report data chosen by the runtime, which bind the runtime's public keys to the
 * report. The fields are those of an AMD SEV-SNP attestation report that a key-release decision depends on, so a
 * hardware attester fills the same record.
 *
 * <p>Immutable. The signature covers {@link #signedBytes()}; who may have made it is the verifier's question.
 *
 * @param platform the kind of platform, e.g. {@link SimulatedTee#PLATFORM}; names the verifier to use
 * @param version report format version
 * @param measurement SHA-384 of the launched code and configuration, 96 lower-case hex characters
 * @param reportData 64 bytes chosen by the runtime (see {@link ReportData}), 128 lower-case hex characters
 * @param chipId identity of the physical processor, 128 lower-case hex characters
 * @param tcbVersion the platform firmware's security version
 * @param policy the guest policy the runtime was launched under
 * @param signatureAlgorithm algorithm of {@code signature}, e.g. {@code Ed25519}
 * @param signature the platform's signature over {@link #signedBytes()}, base64
 */
public record AttestationReport(
    String platform,
    int version,
    String measurement,
    String reportData,
    String chipId,
    long tcbVersion,
    GuestPolicy policy,
    String signatureAlgorithm,
    String signature) {
  private static final Pattern HEX_96 = Pattern.compile("[0-9a-f]{96}");
  private static final Pattern HEX_128 = Pattern.compile("[0-9a-f]{128}");
  private static final Pattern PLATFORM = Pattern.compile("[A-Z][A-Z0-9_-]{0,31}");

  public AttestationReport {
    Objects.requireNonNull(policy, "policy");
    require(platform, PLATFORM, "platform");
    require(measurement, HEX_96, "measurement");
    require(reportData, HEX_128, "report_data");
    require(chipId, HEX_128, "chip_id");
    Objects.requireNonNull(signatureAlgorithm, "signatureAlgorithm");
    Objects.requireNonNull(signature, "signature");
    if (version != 1) {
      throw CleanroomException.invalid("attestation report version " + version + " is not supported (only 1)");
    }
  }

  private static void require(String value, Pattern pattern, String field) {
    if (value == null || !pattern.matcher(value).matches()) {
      throw CleanroomException.invalid("attestation report field '" + field + "' is missing or malformed");
    }
  }

  /** The exact bytes the platform signs: every field but the signature, one per line, UTF-8. */
  public byte[] signedBytes() {
    return ("cleanroom-attestation-report/1\n"
            + "platform=" + platform + "\n"
            + "version=" + version + "\n"
            + "measurement=" + measurement + "\n"
            + "report_data=" + reportData + "\n"
            + "chip_id=" + chipId + "\n"
            + "tcb_version=" + tcbVersion + "\n"
            + "policy.debug=" + policy.debugAllowed() + "\n"
            + "policy.migration_agent=" + policy.migrationAgentAllowed() + "\n"
            + "policy.smt=" + policy.smtAllowed() + "\n"
            + "signature_algorithm=" + signatureAlgorithm + "\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  public byte[] signatureBytes() {
    try {
      return Base64.getDecoder().decode(signature);
    } catch (IllegalArgumentException e) {
      throw CleanroomException.unauthenticated("attestation report signature is not valid base64");
    }
  }

  /** True when the report comes from the simulated TEE, which protects nothing. */
  public boolean simulated() {
    return SimulatedTee.PLATFORM.equals(platform);
  }

  public AttestationReport withSignature(String changed) {
    return new AttestationReport(platform, version, measurement, reportData, chipId, tcbVersion, policy,
        signatureAlgorithm, changed);
  }

  public AttestationReport withMeasurement(String changed) {
    return new AttestationReport(platform, version, changed, reportData, chipId, tcbVersion, policy,
        signatureAlgorithm, signature);
  }

  public AttestationReport withReportData(String changed) {
    return new AttestationReport(platform, version, measurement, changed, chipId, tcbVersion, policy,
        signatureAlgorithm, signature);
  }
}
