package dev.cleanroom.protocol;

import dev.cleanroom.attestation.AttestationReport;
import dev.cleanroom.attestation.Attester;
import dev.cleanroom.attestation.ReportData;
import dev.cleanroom.attestation.RuntimeMeasurement;
import dev.cleanroom.attestation.SimulatedTee;
import dev.cleanroom.crypto.SealingKey;
import dev.cleanroom.crypto.SigningKey;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * The keys of one run of the runtime and the attestation report that vouches for them: an Ed25519 key that signs
 * ledger roots and an X25519 key that data keys are sealed to, both bound into the report's data. The keys live in
 * memory only; a restarted runtime makes new ones, gets a new report, and registers both on every room's ledger
 * before it signs anything.
 */
public final class RuntimeIdentity {
  /** The configuration text measured with the code when no other is given: DuckDB, simulated attestation. */
  public static final String DEFAULT_CONFIGURATION = configuration("engine=duckdb\n");

  private final SigningKey signingKey;
  private final SealingKey sealingKey;
  private final AttestationReport report;

  private RuntimeIdentity(SigningKey signingKey, SealingKey sealingKey, AttestationReport report) {
    this.signingKey = Objects.requireNonNull(signingKey);
    this.sealingKey = Objects.requireNonNull(sealingKey);
    this.report = Objects.requireNonNull(report);
  }

  /**
   * The configuration text measured with the code: the engine's lines ({@code engine=NAME} and its settings, each
   * ending in a line feed) then the attester's, so the same code on another engine measures differently.
   */
  public static String configuration(String engineLines) {
    if (!engineLines.startsWith("engine=") || !engineLines.endsWith("\n")) {
      throw new IllegalArgumentException("engine configuration must be 'engine=NAME' lines, each ending in a line feed");
    }
    return engineLines + "attester=" + SimulatedTee.PLATFORM + "\n";
  }

  /** Fresh keys, attested by {@code attester}. */
  public static RuntimeIdentity generate(SecureRandom random, Attester attester) {
    SigningKey signing = SigningKey.generate(random);
    SealingKey sealing = SealingKey.generate(random);
    AttestationReport report = attester.attest(ReportData.bindRuntimeKeys(signing.publicKey(), sealing.publicKey()));
    return new RuntimeIdentity(signing, sealing, report);
  }

  /** Fresh keys, attested by the simulated TEE measuring the code on this JVM's class path. */
  public static RuntimeIdentity generate(SecureRandom random) {
    return generate(random, SimulatedTee.launching(RuntimeMeasurement.ofRunningCode(DEFAULT_CONFIGURATION)));
  }

  public SigningKey signingKey() {
    return signingKey;
  }

  public SealingKey sealingKey() {
    return sealingKey;
  }

  public AttestationReport report() {
    return report;
  }

  @Override
  public String toString() {
    return "RuntimeIdentity[signing=" + signingKey.publicKey() + ", platform=" + report.platform() + "]";
  }
}
