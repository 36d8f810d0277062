package dev.cleanroom.bench.dataset;

import dev.cleanroom.bench.BenchSettings;
import dev.cleanroom.bench.BenchmarkSection;
import dev.cleanroom.bench.Formats;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encryption and decryption throughput of the dataset format ({@code DatasetCipher}: Tink streaming
 * AES-256-GCM, 1 MiB segments) on one thread, against the JDK's AES-256-GCM over the same bytes and
 * against {@code openssl speed -evp aes-256-gcm} on the same machine.
 */
public final class DatasetCryptoSection implements BenchmarkSection {
  private static final Logger LOG = LoggerFactory.getLogger(DatasetCryptoSection.class);
  static final double TARGET_TIME_VS_JDK = 1.2;
  static final double TARGET_RATE_VS_OPENSSL = 0.6;
  static final int OPENSSL_BLOCK_BYTES = 16_384;

  /** What one timed pass does. */
  enum Operation {
    FORMAT_ENCRYPT("dataset format, chunk API over the buffers (`DatasetSegmentEncrypter`)",
        "encrypt"),
    FORMAT_DECRYPT("dataset format, chunk API over the buffers (`DatasetSegmentDecrypter`)",
        "decrypt"),
    STREAM_ENCRYPT("publishing stream: `DatasetCipher.encrypt`, with the ciphertext's SHA-256",
        "encrypt"),
    STREAM_DECRYPT("stream: `DatasetCipher.decrypting`, read in 1 MiB reads", "decrypt"),
    JDK_ENCRYPT("JDK AES-256-GCM, one `doFinal` over the whole buffer", "encrypt"),
    JDK_DECRYPT("JDK AES-256-GCM, one `doFinal` over the whole buffer", "decrypt"),
    MESSAGES_ENCRYPT("JDK AES-256-GCM, one `init` + `doFinal` per 1 MiB", "encrypt"),
    MESSAGES_DECRYPT("JDK AES-256-GCM, one `init` + `doFinal` per 1 MiB", "decrypt"),
    SHA256("JDK SHA-256 (`MessageDigest`), which the publishing stream also computes", "hash");

    final String implementation;
    final String direction;

    Operation(String implementation, String direction) {
      this.implementation = implementation;
      this.direction = direction;
    }

    CipherPasses.Pass pass(CipherPasses passes) {
      return switch (this) {
        case FORMAT_ENCRYPT -> passes::chunksEncrypt;
        case FORMAT_DECRYPT -> passes::chunksDecrypt;
        case STREAM_ENCRYPT -> passes::streamEncrypt;
        case STREAM_DECRYPT -> passes::streamDecrypt;
        case JDK_ENCRYPT -> passes::jdkEncrypt;
        case JDK_DECRYPT -> passes::jdkDecrypt;
        case MESSAGES_ENCRYPT -> passes::messagesEncrypt;
        case MESSAGES_DECRYPT -> passes::messagesDecrypt;
        case SHA256 -> passes::sha256;
      };
    }
  }

  /**
   * Sizes and durations.
   *
   * @param plaintextMebibytes the plaintext every pass processes, in MiB, held in memory
   * @param warmupPasses unmeasured passes of every operation before the first round
   * @param passesPerRound measured passes of every operation per round
   * @param rounds rounds, OpenSSL and the Java operations taking turns
   * @param opensslSeconds the {@code -seconds} of {@code openssl speed}, per direction and round
   */
  record Settings(int plaintextMebibytes, int warmupPasses, int passesPerRound, int rounds,
      int opensslSeconds) {
    static Settings standard() {
      return new Settings(256, 3, 2, 5, 3);
    }

    static Settings quick() {
      return new Settings(8, 1, 1, 1, 1);
    }
  }

  /** The results of a run, for the report. */
  record Results(Settings settings, int ciphertextBytes, Map<Operation, Rate> rates,
      Optional<Rate> opensslEncrypt, Optional<Rate> opensslDecrypt, String opensslVersion) {}

  @Override
  public String id() {
    return "dataset-crypto";
  }

  @Override
  public String title() {
    return "Dataset encryption: the streaming format against raw JDK AES-GCM and OpenSSL";
  }

  @Override
  public String runMarkdown(BenchSettings bench) throws Exception {
    Settings settings = bench.pick(Settings.standard(), Settings.quick());
    LOG.info("dataset-crypto: preparing {} MiB of plaintext", settings.plaintextMebibytes());
    CipherPasses passes =
        CipherPasses.create(settings.plaintextMebibytes() << 20, new SecureRandom());
    // The JIT compiles the AES-CTR and GHASH intrinsics only after a few hundred MB.
    for (Operation operation : Operation.values()) {
      LOG.info("dataset-crypto: warming up {} {}", operation.implementation, operation.direction);
      for (int pass = 0; pass < settings.warmupPasses(); pass++) {
        operation.pass(passes).run();
      }
    }
    Map<Operation, List<Double>> rounds = new EnumMap<>(Operation.class);
    List<Double> opensslEncrypt = new ArrayList<>();
    List<Double> opensslDecrypt = new ArrayList<>();
    String opensslVersion = "";
    for (int round = 0; round < settings.rounds(); round++) {
      // OpenSSL and the Java operations take turns so that slow spells of a shared machine hit both.
      Optional<OpenSslAesGcmSpeed> encrypt = OpenSslAesGcmSpeed.run(OPENSSL_BLOCK_BYTES,
          settings.opensslSeconds(), false, bench.workDirectory());
      Optional<OpenSslAesGcmSpeed> decrypt = OpenSslAesGcmSpeed.run(OPENSSL_BLOCK_BYTES,
          settings.opensslSeconds(), true, bench.workDirectory());
      encrypt.ifPresent(speed -> opensslEncrypt.add(speed.bytesPerSecond()));
      decrypt.ifPresent(speed -> opensslDecrypt.add(speed.bytesPerSecond()));
      if (encrypt.isPresent()) {
        opensslVersion = encrypt.get().version();
      }
      for (Operation operation : Operation.values()) {
        double rate = measure(operation.pass(passes), passes.plaintextBytes(),
            settings.passesPerRound());
        rounds.computeIfAbsent(operation, key -> new ArrayList<>()).add(rate);
      }
      LOG.info("dataset-crypto round {}: OpenSSL {} / {} MB/s; format {} / {} MB/s", round + 1,
          encrypt.map(speed -> Formats.count(speed.bytesPerSecond() / 1e6)).orElse("-"),
          decrypt.map(speed -> Formats.count(speed.bytesPerSecond() / 1e6)).orElse("-"),
          Formats.count(last(rounds, Operation.FORMAT_ENCRYPT) / 1e6),
          Formats.count(last(rounds, Operation.FORMAT_DECRYPT) / 1e6));
    }
    Map<Operation, Rate> rates = new EnumMap<>(Operation.class);
    rounds.forEach((operation, perRound) -> rates.put(operation, Rate.of(perRound)));
    Results results = new Results(settings, passes.formatCiphertextBytes(), rates,
        opensslEncrypt.isEmpty() ? Optional.empty() : Optional.of(Rate.of(opensslEncrypt)),
        opensslDecrypt.isEmpty() ? Optional.empty() : Optional.of(Rate.of(opensslDecrypt)),
        opensslVersion);
    return new DatasetCryptoReport(results).markdown();
  }

  private static double last(Map<Operation, List<Double>> rounds, Operation operation) {
    List<Double> values = rounds.get(operation);
    return values.get(values.size() - 1);
  }

  /** Bytes per second of {@code passes} back-to-back passes of {@code bytes} each. */
  private static double measure(CipherPasses.Pass pass, long bytes, int passes) throws Exception {
    long start = System.nanoTime();
    for (int i = 0; i < passes; i++) {
      pass.run();
    }
    long elapsed = System.nanoTime() - start;
    return bytes * passes * 1e9 / elapsed;
  }
}
