package dev.cleanroom.bench.signature;

import dev.cleanroom.bench.Formats;
import dev.cleanroom.bench.MarkdownTable;
import java.util.Optional;

/** The Markdown of {@link Ed25519Section}: what was measured, the table, the targets, the notes. */
record Ed25519Report(
    Ed25519Section.Settings settings,
    String bouncyCastle,
    String jdk,
    Rates bcSign,
    Rates bcVerify,
    Rates jdkSign,
    Rates jdkVerify,
    Optional<Rates> opensslSign,
    Optional<Rates> opensslVerify,
    MarkdownTable table) {

  String markdown() {
    StringBuilder text = new StringBuilder();
    text.append("**What is measured.** Signatures and verifications per second on one thread, of")
        .append(" a 20-byte message as `openssl speed` uses: ").append(bouncyCastle)
        .append(", which the project uses for every ledger, request and document signature; ")
        .append(jdk).append(" (`KeyPairGenerator` and `Signature` \"Ed25519\"); and `openssl speed")
        .append(" -seconds ").append(settings.opensslSeconds())
        .append(" ed25519` run as a subprocess on the same machine. OpenSSL and BouncyCastle take")
        .append(" turns for ").append(settings.rounds()).append(" rounds (")
        .append(seconds(settings.measurement().toMillis()))
        .append(" per operation and round, after ").append(seconds(settings.warmup().toMillis()))
        .append(" of warm-up), so that slow spells of this shared machine hit both, and each keeps")
        .append(" its best round; the JDK runs once. *Time per op vs OpenSSL* is OpenSSL's rate")
        .append(" divided by the implementation's: below 1.00x is faster than OpenSSL.\n\n");
    text.append(table.render()).append('\n');
    if (opensslSign.isEmpty() || opensslVerify.isEmpty()) {
      text.append("**`openssl` was not found on this machine**, so there is no reference and the")
          .append(" target cannot be checked.\n");
      return text.toString();
    }
    double signRatio = Ed25519Section.timeRatio(opensslSign.get(), bcSign);
    double verifyRatio = Ed25519Section.timeRatio(opensslVerify.get(), bcVerify);
    double jdkSignRatio = Ed25519Section.timeRatio(opensslSign.get(), jdkSign);
    double jdkVerifyRatio = Ed25519Section.timeRatio(opensslVerify.get(), jdkVerify);
    double target = Ed25519Section.targetTimeRatio();
    text.append("Target: within ").append(Formats.ratio(target))
        .append(" of OpenSSL's time per operation, for the implementation the project uses:\n\n");
    text.append("- BouncyCastle sign: **").append(Formats.ratio(signRatio)).append(", ")
        .append(Formats.verdict(signRatio <= target)).append("**\n");
    text.append("- BouncyCastle verify: **").append(Formats.ratio(verifyRatio)).append(", ")
        .append(Formats.verdict(verifyRatio <= target)).append("**\n");
    text.append("- for comparison, the JDK would be at ").append(Formats.ratio(jdkSignRatio))
        .append(" (sign) and ").append(Formats.ratio(jdkVerifyRatio)).append(" (verify): ")
        .append(jdkSignRatio <= target && jdkVerifyRatio <= target ? "within" : "outside")
        .append(" the target.\n\n");
    text.append("Notes:\n\n");
    text.append("- BouncyCastle is ").append(Formats.decimal(bcSign.best() / jdkSign.best(), 1))
        .append("× the JDK's rate for signing and ")
        .append(Formats.decimal(bcVerify.best() / jdkVerify.best(), 1))
        .append("× for verifying, which is why the project signs and verifies with")
        .append(" BouncyCastle.\n");
    text.append("- Both sides decode the public key on every verification (OpenSSL's")
        .append(" `ED25519_verify` does, and `Ed25519.verify` builds the key from its 32 bytes per")
        .append(" call), so the verification rows compare like with like.\n");
    text.append("- Rates on this shared machine vary between rounds and between runs, for OpenSSL")
        .append(" as much as for Java (compare the best and the slowest round); taking turns and")
        .append(" keeping the best round is meant to cancel that out.\n");
    if (signRatio > target || verifyRatio > target) {
      text.append("- The target is missed for the operation marked NOT met: OpenSSL runs")
          .append(" optimised native code, the JVM a pure-Java implementation.\n");
    }
    return text.toString();
  }

  private static String seconds(long millis) {
    return Formats.decimal(millis / 1_000.0, millis % 1_000 == 0 ? 0 : 1) + " s";
  }
}
