package dev.cleanroom.attestation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.ErrorCode;
import dev.cleanroom.core.party.PublicKeyBytes;
import dev.cleanroom.crypto.SealingKey;
import dev.cleanroom.crypto.SigningKey;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SimulatedTeeTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final RuntimeMeasurement MEASUREMENT = new RuntimeMeasurement("ab".repeat(48), 1);

  private final SigningKey signing = SigningKey.generate(RANDOM);
  private final SealingKey sealing = SealingKey.generate(RANDOM);
  private final AttestationVerifier verifier = new SimulatedTeeVerifier();

  private AttestationReport report() {
    return SimulatedTee.launching(MEASUREMENT).attest(ReportData.bindRuntimeKeys(signing.publicKey(), sealing.publicKey()));
  }

  @Test
  void verify_freshReport_acceptedAndMarkedSimulated() {
    VerifiedReport verified = verifier.verifyBinding(report(), signing.publicKey(), sealing.publicKey());

    assertThat(verified.simulated()).isTrue();
    assertThat(verified.report().platform()).isEqualTo("SIMULATED");
    assertThat(verified.measurement()).isEqualTo(MEASUREMENT.hex());
  }

  @Test
  void verify_measurementChangedAfterSigning_signatureFails() {
    AttestationReport forged = report().withMeasurement("cd".repeat(48));

    assertThatThrownBy(() -> verifier.verify(forged))
        .isInstanceOf(CleanroomException.class)
        .hasMessageContaining("signature does not verify")
        .satisfies(e -> assertThat(((CleanroomException) e).code()).isEqualTo(ErrorCode.UNAUTHENTICATED));
  }

  @Test
  void verify_signatureBitFlipped_fails() {
    byte[] signature = report().signatureBytes();
    signature[10] ^= 1;
    AttestationReport forged = report().withSignature(Base64.getEncoder().encodeToString(signature));

    assertThatThrownBy(() -> verifier.verify(forged)).hasMessageContaining("signature does not verify");
  }

  @Test
  void verify_signedByAnotherKey_fails() {
    SigningKey impostor = SigningKey.generate(RANDOM);
    AttestationReport unsigned = report();
    AttestationReport forged = unsigned.withSignature(
        Base64.getEncoder().encodeToString(impostor.sign(unsigned.signedBytes())));

    assertThatThrownBy(() -> verifier.verify(forged)).hasMessageContaining("signature does not verify");
  }

  @Test
  void verify_debugPolicy_refusedEvenWithValidSignature() {
    AttestationReport debug = SimulatedTee.launching(MEASUREMENT, new GuestPolicy(true, false, true))
        .attest(ReportData.bindRuntimeKeys(signing.publicKey(), sealing.publicKey()));

    assertThatThrownBy(() -> verifier.verify(debug)).hasMessageContaining("allows debugging");
  }

  @Test
  void verifyBinding_keysOfAnotherRuntime_refused() {
    PublicKeyBytes otherSealing = SealingKey.generate(RANDOM).publicKey();

    assertThatThrownBy(() -> verifier.verifyBinding(report(), signing.publicKey(), otherSealing))
        .hasMessageContaining("does not bind the runtime's keys");
  }

  @Test
  void verify_reportDataChangedToOtherKeys_signatureFails() {
    AttestationReport swapped = report().withReportData(
        ReportData.bindRuntimeKeys(SigningKey.generate(RANDOM).publicKey(), sealing.publicKey()));

    assertThatThrownBy(() -> verifier.verify(swapped)).hasMessageContaining("signature does not verify");
  }

  @Test
  void verify_otherPlatform_refused() {
    AttestationReport original = report();
    AttestationReport other = new AttestationReport("AMD-SEV-SNP", 1, original.measurement(), original.reportData(),
        original.chipId(), 0, original.policy(), "Ed25519", original.signature());

    assertThatThrownBy(() -> verifier.verify(other)).hasMessageContaining("platform 'AMD-SEV-SNP'");
    assertThatThrownBy(() -> AttestationVerifiers.forPlatform("AMD-SEV-SNP")).hasMessageContaining("no attestation verifier");
  }

  @Test
  void report_malformedMeasurement_refusedAtConstruction() {
    AttestationReport original = report();

    assertThatThrownBy(() -> original.withMeasurement("xyz")).hasMessageContaining("'measurement'");
  }
}
