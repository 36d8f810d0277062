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
        .append("- *dataset format, chunk API* (what the targets judge): `DatasetSegmentEncrypter`")
        .append(" and `DatasetSegmentDecrypter` take the buffer chunk by chunk, straight from the")
        .append(" plaintext array into the ciphertext array and back, as a reader of a memory-mapped")
        .append(" file does: Tink's AES-256-GCM-HKDF segments, a per-file key derived with")
        .append(" HKDF-SHA256, a cipher `init` per 1 MiB chunk. It reads and writes the same memory as")
        .append(" the JDK baseline. ").append(Formats.count(results.ciphertextBytes()))
        .append(" bytes of ciphertext.\n")
        .append("- *streams*, for context: `DatasetCipher.encrypt` (what publishing runs) from a")
        .append(" `ByteArrayInputStream` into a preallocated array, which reads the plaintext into a")
        .append(" chunk buffer, encrypts it into another, writes that on, and hashes every ciphertext")
        .append(" byte with SHA-256 for the manifest; `DatasetCipher.decrypting` read to the end in")
        .append(" 1 MiB reads, which copies each chunk in and its plaintext out.\n")
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
    target(text, "encrypt", Operation.FORMAT_ENCRYPT, Operation.JDK_ENCRYPT, results.opensslEncrypt());
    target(text, "decrypt", Operation.FORMAT_DECRYPT, Operation.JDK_DECRYPT, results.opensslDecrypt());
    text.append('\n');
  }

  private void target(StringBuilder text, String direction, Operation format, Operation jdk,
      Optional<Rate> openssl) {
    double timeRatio = rate(jdk).best() / rate(format).best();
    text.append("- ").append(direction).append(": **").append(Formats.ratio(timeRatio))
        .append(" the JDK's time, ").append(Formats.verdict(timeRatio <= TARGET_TIME_VS_JDK))
        .append("**");
    if (openssl.isPresent()) {
      double rateRatio = rate(format).best() / openssl.get().best();
      text.append("; **").append(Formats.ratio(rateRatio)).append(" OpenSSL's rate, ")
          .append(Formats.verdict(rateRatio >= TARGET_RATE_VS_OPENSSL)).append("**");
    } else {
      text.append("; `openssl` was not found, so the OpenSSL target cannot be checked");
    }
    text.append('\n');
  }

  private void notes(StringBuilder text) {
    Rate chunksEncrypt = rate(Operation.FORMAT_ENCRYPT);
    Rate chunksDecrypt = rate(Operation.FORMAT_DECRYPT);
    Rate streamEncrypt = rate(Operation.STREAM_ENCRYPT);
    Rate streamDecrypt = rate(Operation.STREAM_DECRYPT);
    Rate sha256 = rate(Operation.SHA256);
    Rate jdkEncrypt = rate(Operation.JDK_ENCRYPT);
    Rate jdkDecrypt = rate(Operation.JDK_DECRYPT);
    Rate messagesDecrypt = rate(Operation.MESSAGES_DECRYPT);
    double hashShare = streamEncrypt.best() / sha256.best();
    text.append("Notes:\n\n");
    text.append("- The format's own cost over the JDK baseline is what the chunk rows show: a cipher")
        .append(" `init` per 1 MiB chunk (the *per 1 MiB* rows show what that alone costs), the")
        .append(" per-file HKDF, and the 40-byte header and 16-byte tag per chunk.\n");
    double hashTimeRatio = jdkEncrypt.best() / sha256.best();
    text.append("- The publishing stream runs at ").append(mb(streamEncrypt)).append(" MB/s (")
        .append(Formats.ratio(jdkEncrypt.best() / streamEncrypt.best()))
        .append(" the JDK's time). Besides encrypting, it hashes every ciphertext byte with SHA-256")
        .append(" (the manifest's `ciphertext_sha256`, by which the contract and the operator's")
        .append(" storage name the file): at this machine's SHA-256 rate (").append(mb(sha256))
        .append(" MB/s, ").append(Formats.ratio(hashTimeRatio))
        .append(" the JDK cipher's time on its own) the hash is about ")
        .append(Formats.decimal(100 * hashShare, 0)).append("% of the stream's time. The rest is")
        .append(" the copies a stream interface implies (into the chunk buffer, out of the")
        .append(" ciphertext buffer).");
    if (hashTimeRatio > TARGET_TIME_VS_JDK) {
      text.append(" Since the hash alone takes longer than the target allows the cipher, no")
          .append(" encryption that also hashes its output with SHA-256 on the same core can meet")
          .append(" it here; the hash is publishing's, not the format's, and publishing also parses")
          .append(" and uploads the file, which are slower still.");
    }
    text.append('\n');
    text.append("- The decrypting stream runs at ").append(mb(streamDecrypt)).append(" MB/s (")
        .append(Formats.ratio(jdkDecrypt.best() / streamDecrypt.best()))
        .append(" the JDK's time), against ").append(mb(chunksDecrypt))
        .append(" MB/s for the chunk API over the same bytes: the difference is the copy of each")
        .append(" chunk into the stream's buffer and of its plaintext out to the reader. The chunk")
        .append(" API encrypts at ").append(mb(chunksEncrypt)).append(" MB/s.\n");
    if (messagesDecrypt.best() > 1.1 * jdkDecrypt.best()) {
      text.append("- One `doFinal` over ").append(results.settings().plaintextMebibytes())
          .append(" MiB decrypts at ").append(mb(jdkDecrypt)).append(" MB/s but 1 MiB messages at ")
          .append(mb(messagesDecrypt)).append(" MB/s: a message that fits in the cache is")
          .append(" authenticated and decrypted without going back to memory, which a whole-buffer")
          .append(" call cannot do. The target's baseline is the whole-buffer call, as specified.\n");
    }
    results.opensslEncrypt().ifPresent(openssl -> {
      double jdkVsOpenssl = jdkEncrypt.best() / openssl.best();
      text.append("- The JDK's AES-GCM runs at ").append(Formats.ratio(jdkVsOpenssl))
          .append(" OpenSSL's encryption rate on this processor, ");
      if (jdkVsOpenssl >= 1) {
        text.append("so the OpenSSL target stands or falls with the format's own overhead.\n");
      } else {
        text.append("and the format cannot run faster than the JDK cipher it is built on: its rate")
            .append(" against OpenSSL is the JDK's, give or take the format's overhead, and where the")
            .append(" JDK itself sits near ").append(Formats.ratio(TARGET_RATE_VS_OPENSSL))
            .append(", whether that target is met is decided by the JDK's intrinsics and by")
            .append(" run-to-run noise, not by the format.\n");
      }
    });
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
