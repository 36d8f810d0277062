package dev.cleanroom.bench.dataset;

import static dev.cleanroom.bench.dataset.DatasetCryptoSection.OPENSSL_BLOCK_BYTES;
import static dev.cleanroom.bench.dataset.DatasetCryptoSection.TARGET_RATE_VS_OPENSSL;
import static dev.cleanroom.bench.dataset.DatasetCryptoSection.TARGET_TIME_VS_JDK;

import dev.cleanroom.bench.Formats;
import dev.cleanroom.bench.MarkdownTable;
import dev.cleanroom.bench.dataset.DatasetCryptoSection.Operation;
import dev.cleanroom.bench.dataset.DatasetCryptoSection.Results;
import java.util.Optional;

/** The Markdown of {@link DatasetCryptoSection}: what was measured, the table, the targets, notes. */
final class DatasetCryptoReport {
  private final Results results;

  DatasetCryptoReport(Results results) {
    this.results = results;
  }

  String markdown() {
    DatasetCryptoSection.Settings settings = results.settings();
    StringBuilder text = new StringBuilder();
    text.append("**What is measured.** Throughput on one thread (so MB/s per core; MB = 10^6")
        .append(" bytes, as `openssl speed` counts) of encrypting and decrypting ")
        .append(settings.plaintextMebibytes()).append(" MiB of random bytes held in memory:\n\n")
        .append("- *dataset format*: `DatasetCipher.encrypt` from a `ByteArrayInputStream` into a")
        .append(" preallocated array, and `DatasetCipher.decrypting` read to the end in 1 MiB")
        .append(" reads: Tink's streaming AES-256-GCM-HKDF with 1 MiB segments, a per-file key")
        .append(" derived with HKDF-SHA256, and (encryption only) the SHA-256 of the ciphertext the")
        .append(" manifest records. ").append(Formats.count(results.ciphertextBytes()))
        .append(" bytes of ciphertext.\n")
        .append("- *JDK one buffer* (the baseline of the target): `Cipher`")
        .append(" \"AES/GCM/NoPadding\" from the JDK's SunJCE provider, a 12-byte IV, one `doFinal`")
        .append(" over the whole ").append(settings.plaintextMebibytes())
        .append(" MiB; it fits in memory, so no chunking was needed.\n")
        .append("- *JDK per 1 MiB*: the same cipher with one `init` (fresh IV) and `doFinal` per")
        .append(" MiB, as the format's segments are, for context.\n")
        .append("- *OpenSSL*: `openssl speed -evp aes-256-gcm -bytes ").append(OPENSSL_BLOCK_BYTES)
        .append(" -seconds ").append(settings.opensslSeconds())
        .append("` (with `-decrypt` for decryption) as a subprocess: 16 KB calls, each with its")
        .append(" own tag.\n\n")
        .append("Every Java operation first runs ").append(settings.warmupPasses())
        .append(" unmeasured passes (").append(settings.warmupPasses() * settings.plaintextMebibytes())
        .append(" MiB: the JIT's AES and GHASH intrinsics take a few hundred MB to kick in). Then ")
        .append(settings.rounds()).append(" rounds, OpenSSL and the Java operations taking turns;")
        .append(" a round of a Java operation is ").append(settings.passesPerRound())
        .append(" passes over the buffer. Each keeps its best round.\n\n");
    text.append(table()).append('\n');
    targets(text);
    notes(text);
    return text.toString();
  }

  private String table() {
    Optional<Rate> opensslEncrypt = results.opensslEncrypt();
    Optional<Rate> opensslDecrypt = results.opensslDecrypt();
    MarkdownTable table = new MarkdownTable("implementation", "direction", "MB/s (best round)",
        "slowest round (MB/s)", "time vs JDK one buffer", "rate vs OpenSSL");
    for (Operation operation : Operation.values()) {
      Rate rate = results.rates().get(operation);
      boolean encrypt = !operation.direction.equals("decrypt");
      Optional<Rate> jdk = Optional.ofNullable(results.rates().get(
          encrypt ? Operation.JDK_ENCRYPT : Operation.JDK_DECRYPT));
      Optional<Rate> openssl = encrypt ? opensslEncrypt : opensslDecrypt;
      boolean hash = operation == Operation.SHA256;
      table.row(operation.implementation, operation.direction, mb(rate), mb(rate.slowest()),
          hash ? "–" : jdk.map(reference -> Formats.ratio(reference.best() / rate.best())).orElse("–"),
          hash ? "–" : openssl.map(reference -> Formats.ratio(rate.best() / reference.best()))
              .orElse("–"));
    }
    String openssl = "OpenSSL " + results.opensslVersion() + " (`openssl speed`, 16 KB calls)";
    opensslEncrypt.ifPresent(rate -> table.row(openssl, "encrypt", mb(rate), mb(rate.slowest()),
        Formats.ratio(results.rates().get(Operation.JDK_ENCRYPT).best() / rate.best()), "1.00x"));
    opensslDecrypt.ifPresent(rate -> table.row(openssl, "decrypt", mb(rate), mb(rate.slowest()),
        Formats.ratio(results.rates().get(Operation.JDK_DECRYPT).best() / rate.best()), "1.00x"));
    return table.render();
  }

  private void targets(StringBuilder text) {
    text.append("*Time vs JDK one buffer* is the JDK's best rate over the implementation's (the")
        .append(" time for the same bytes; below 1.00x is faster); *rate vs OpenSSL* is the")
        .append(" implementation's best rate over OpenSSL's (above 1.00x is faster).\n\n");
    text.append("Targets, for the dataset format: within ").append(Formats.ratio(TARGET_TIME_VS_JDK))
        .append(" of the raw JDK cipher's time, and at least ")
        .append(Formats.ratio(TARGET_RATE_VS_OPENSSL)).append(" of OpenSSL's rate:\n\n");
    for (String direction : new String[] {"encrypt", "decrypt"}) {
      boolean encrypt = direction.equals("encrypt");
      Rate format = results.rates().get(encrypt ? Operation.FORMAT_ENCRYPT : Operation.FORMAT_DECRYPT);
      Rate jdk = results.rates().get(encrypt ? Operation.JDK_ENCRYPT : Operation.JDK_DECRYPT);
      double timeRatio = jdk.best() / format.best();
      text.append("- ").append(direction).append(": **").append(Formats.ratio(timeRatio))
          .append(" the JDK's time, ").append(Formats.verdict(timeRatio <= TARGET_TIME_VS_JDK))
          .append("**");
      Optional<Rate> openssl = encrypt ? results.opensslEncrypt() : results.opensslDecrypt();
      if (openssl.isPresent()) {
        double rateRatio = format.best() / openssl.get().best();
        text.append("; **").append(Formats.ratio(rateRatio)).append(" OpenSSL's rate, ")
            .append(Formats.verdict(rateRatio >= TARGET_RATE_VS_OPENSSL)).append("**");
      } else {
        text.append("; `openssl` was not found, so the OpenSSL target cannot be checked");
      }
      text.append('\n');
    }
    text.append('\n');
  }

  private void notes(StringBuilder text) {
    Rate formatEncrypt = rate(Operation.FORMAT_ENCRYPT);
    Rate tinkEncrypt = rate(Operation.TINK_ENCRYPT);
    Rate sha256 = rate(Operation.SHA256);
    Rate jdkEncrypt = rate(Operation.JDK_ENCRYPT);
    Rate jdkDecrypt = rate(Operation.JDK_DECRYPT);
    Rate messagesDecrypt = rate(Operation.MESSAGES_DECRYPT);
    double tinkRatio = jdkEncrypt.best() / tinkEncrypt.best();
    double hashShare = formatEncrypt.best() / sha256.best();
    text.append("Notes:\n\n");
    text.append("- Encryption hashes every ciphertext byte with SHA-256 as it writes it (the")
        .append(" manifest's `ciphertext_sha256`, `HashingOutputStream`). At the JDK's SHA-256 rate")
        .append(" on this machine (").append(mb(sha256)).append(" MB/s) the hash alone is about ")
        .append(Formats.decimal(100 * hashShare, 0)).append("% of the format's encryption time:")
        .append(" without it (Tink's streaming AEAD alone, same parameters) encryption runs at ")
        .append(mb(tinkEncrypt)).append(" MB/s, ").append(Formats.ratio(tinkRatio))
        .append(" the JDK's time, ").append(tinkRatio <= TARGET_TIME_VS_JDK ? "within" : "outside")
        .append(" the target. The hash is not optional (the contract names the ciphertext by it),")
        .append(" but it could be computed on another core while the next segment is encrypted.")
        .append(" Decryption as measured here does not hash; the runtime's `DatasetVerifier` does,")
        .append(" while it decrypts, at the same cost (see the query section's load breakdown).\n");
    text.append("- Besides the hash, the format pays for a cipher `init` per 1 MiB segment (the")
        .append(" *per 1 MiB* rows show what that alone costs), Tink's per-file HKDF, and memory")
        .append(" traffic: the streams copy every byte into a segment buffer and out of another,")
        .append(" where one `doFinal` reads and writes each byte once. At these rates the copies")
        .append(" are a visible share; on data read from disk or the network they would not be.\n");
    if (messagesDecrypt.best() > 1.1 * jdkDecrypt.best()) {
      text.append("- One `doFinal` over ").append(results.settings().plaintextMebibytes())
          .append(" MiB decrypts at ").append(mb(jdkDecrypt)).append(" MB/s but 1 MiB messages at ")
          .append(mb(messagesDecrypt)).append(" MB/s: a message that fits in the cache is")
          .append(" authenticated and decrypted without going back to memory, which a whole-buffer")
          .append(" call cannot do. The target's baseline is the whole-buffer call, as specified.\n");
    }
    results.opensslEncrypt().ifPresent(openssl -> text.append("- JDK 17 on this processor")
        .append(" (which has AVX-512, VAES and VPCLMULQDQ) runs AES-GCM at ")
        .append(Formats.ratio(jdkEncrypt.best() / openssl.best()))
        .append(" OpenSSL's encryption rate, so the OpenSSL target stands or falls with the")
        .append(" format's own overhead; on a processor without those extensions the JDK's")
        .append(" intrinsics are slower and the gap to OpenSSL would be the JDK's.\n"));
    text.append("- Rates of this shared machine vary between rounds (compare the best and slowest")
        .append(" columns); OpenSSL and Java took turns so that slow spells hit both.\n");
  }

  private Rate rate(Operation operation) {
    return results.rates().get(operation);
  }

  private static String mb(Rate rate) {
    return mb(rate.best());
  }

  private static String mb(double bytesPerSecond) {
    return Formats.count(bytesPerSecond / 1e6);
  }
}
