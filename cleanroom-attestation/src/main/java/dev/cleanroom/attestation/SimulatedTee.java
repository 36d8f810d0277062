package dev.cleanroom.attestation;

import dev.cleanroom.core.party.PublicKeyBytes;
import dev.cleanroom.crypto.Hashes;
import dev.cleanroom.crypto.SecretBytes;
import dev.cleanroom.crypto.SigningKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Objects;

/**
 * A SIMULATED trusted execution environment, for development and demonstrations on ordinary machines. It signs
 * reports with a platform key derived from a published constant, so <b>anyone can forge its reports</b>: it shows
 * the attestation flow working end to end but protects nothing from the operator. Every report it makes says
 * {@value #PLATFORM} in its platform field, and the CLI prints that. On real hardware an SEV-SNP or TDX attester
 * takes its place behind {@link Attester}. Thread-safe and immutable.
 */
public final class SimulatedTee implements Attester {
  /** The platform name of simulated reports. */
  public static final String PLATFORM = "SIMULATED";
  /** Printed wherever a user could mistake a simulated report for hardware protection. */
  public static final String WARNING = "SIMULATED attestation: the platform key is public, so this report protects"
      + " nothing against the operator; use a hardware TEE (AMD SEV-SNP, Intel TDX) for real protection";

  private static final SigningKey PLATFORM_KEY = SigningKey.fromSeed(SecretBytes.copyOf(
      sha256("cleanroom simulated TEE platform key/1: public on purpose, protects nothing")));
  private static final String CHIP_ID = Hashes.hex(sha512("cleanroom simulated chip/1"));

  private final String measurement;
  private final GuestPolicy policy;

  private SimulatedTee(String measurement, GuestPolicy policy) {
    this.measurement = measurement;
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  /** A simulated platform that launched code with {@code measurement} under the production policy. */
  public static SimulatedTee launching(RuntimeMeasurement measurement) {
    return new SimulatedTee(measurement.hex(), GuestPolicy.PRODUCTION);
  }

  /** The same, under another guest policy; a verifier refuses debug policies. */
  public static SimulatedTee launching(RuntimeMeasurement measurement, GuestPolicy policy) {
    return new SimulatedTee(measurement.hex(), policy);
  }

  /** The simulated platform's public key, which {@link SimulatedTeeVerifier} trusts. */
  public static PublicKeyBytes platformKey() {
    return PLATFORM_KEY.publicKey();
  }

  @Override
  public String platform() {
    return PLATFORM;
  }

  @Override
  public AttestationReport attest(String reportData) {
    AttestationReport unsigned = new AttestationReport(
        PLATFORM, 1, measurement, reportData, CHIP_ID, 0, policy, "Ed25519", "");
    return unsigned.withSignature(Base64.getEncoder().encodeToString(PLATFORM_KEY.sign(unsigned.signedBytes())));
  }

  private static byte[] sha256(String text) {
    return digest("SHA-256", text);
  }

  private static byte[] sha512(String text) {
    return digest("SHA-512", text);
  }

  private static byte[] digest(String algorithm, String text) {
    try {
      return MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is a required JDK algorithm", e);
    }
  }
}
