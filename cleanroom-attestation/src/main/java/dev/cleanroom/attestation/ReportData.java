package dev.cleanroom.attestation;

import dev.cleanroom.core.party.PublicKeyBytes;
import dev.cleanroom.crypto.Hashes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * How a runtime binds its keys into the 64 report-data bytes of its attestation report: SHA-512 over a tag, its
 * Ed25519 ledger-signing public key and its X25519 sealing public key. A verifier recomputes this from the keys
 * the runtime presents; if they match, the platform vouches that those keys belong to the measured code.
 */
public final class ReportData {
  private static final byte[] TAG = "cleanroom-runtime-keys/1\n".getBytes(StandardCharsets.US_ASCII);

  private ReportData() {}

  public static String bindRuntimeKeys(PublicKeyBytes signingKey, PublicKeyBytes sealingKey) {
    try {
      MessageDigest sha512 = MessageDigest.getInstance("SHA-512");
      sha512.update(TAG);
      sha512.update(signingKey.bytes());
      sha512.update(sealingKey.bytes());
      return Hashes.hex(sha512.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-512 is a required JDK algorithm", e);
    }
  }
}
