package dev.cleanroom.bench.signature;

import dev.cleanroom.bench.BenchSettings;
import dev.cleanroom.bench.BenchmarkSection;
import dev.cleanroom.bench.Formats;
import dev.cleanroom.bench.MarkdownTable;
import dev.cleanroom.bench.Throughput;
import dev.cleanroom.core.party.PublicKeyBytes;
import dev.cleanroom.crypto.Ed25519;
import dev.cleanroom.crypto.SigningKey;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.SignatureException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ed25519 signing and verification on one thread: BouncyCastle as the project uses it ({@link
 * SigningKey}, {@link Ed25519}), the JDK's built-in provider, and {@code openssl speed} on the same
 * machine as the reference.
 */
public final class Ed25519Section implements BenchmarkSection {
  private static final Logger LOG = LoggerFactory.getLogger(Ed25519Section.class);
  /** {@code openssl speed} signs and verifies 20 bytes; so does this benchmark. */
  private static final int MESSAGE_LENGTH = 20;
  private static final double TARGET_TIME_RATIO = 2.0;

  /**
   * Durations.
   *
   * @param rounds rounds of {@code openssl speed} and BouncyCastle, taking turns
   * @param warmup unmeasured time per operation before its first round
   * @param measurement measured time per operation and round
   * @param opensslSeconds the {@code -seconds} of {@code openssl speed}, per operation and round
   */
  record Settings(int rounds, Duration warmup, Duration measurement, int opensslSeconds) {
    static Settings standard() {
      return new Settings(3, Duration.ofSeconds(2), Duration.ofSeconds(3), 3);
    }

    static Settings quick() {
      return new Settings(1, Duration.ofMillis(200), Duration.ofMillis(300), 1);
    }
  }

  @Override
  public String id() {
    return "ed25519";
  }

  @Override
  public String title() {
    return "Ed25519: BouncyCastle and the JDK against OpenSSL";
  }

  @Override
  public String runMarkdown(BenchSettings bench) throws Exception {
    Settings settings = bench.pick(Settings.standard(), Settings.quick());
    SecureRandom random = new SecureRandom();
    byte[] message = new byte[MESSAGE_LENGTH];
    random.nextBytes(message);

    LOG.info("ed25519: {} rounds of openssl speed, then BouncyCastle", settings.rounds());
    SigningKey key = SigningKey.generate(random);
    PublicKeyBytes publicKey = key.publicKey();
    byte[] signature = key.sign(message);
    // OpenSSL and BouncyCastle take turns, round by round, so that slow spells of a shared machine
    // hit both; each keeps its best round.
    List<OpenSslSpeed> opensslRounds = new ArrayList<>();
    List<Double> bcSignRounds = new ArrayList<>();
    List<Double> bcVerifyRounds = new ArrayList<>();
    for (int round = 0; round < settings.rounds(); round++) {
      OpenSslSpeed.run(settings.opensslSeconds(), bench.workDirectory())
          .ifPresent(opensslRounds::add);
      Duration warmup = round == 0 ? settings.warmup() : Duration.ZERO;
      bcSignRounds.add(Throughput.measure(() -> key.sign(message)[0], warmup,
          settings.measurement()).perSecond());
      bcVerifyRounds.add(Throughput.measure(
          () -> check(Ed25519.verify(publicKey, message, signature)), warmup,
          settings.measurement()).perSecond());
      LOG.info("ed25519 round {}: {}; BouncyCastle {} signs/s, {} verifies/s", round + 1,
          opensslRounds.isEmpty() ? "openssl not found" : opensslRounds.get(round),
          Formats.count(bcSignRounds.get(round)), Formats.count(bcVerifyRounds.get(round)));
    }

    LOG.info("ed25519: JDK");
    KeyPair jdkKeys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    Signature jdkSigner = Signature.getInstance("Ed25519");
    jdkSigner.initSign(jdkKeys.getPrivate());
    Signature jdkVerifier = Signature.getInstance("Ed25519");
    jdkVerifier.initVerify(jdkKeys.getPublic());
    jdkSigner.update(message);
    byte[] jdkSignature = jdkSigner.sign();
    Throughput jdkSign = Throughput.measure(() -> {
      jdkSigner.update(message);
      return jdkSigner.sign()[0];
    }, settings.warmup(), settings.measurement());
    Throughput jdkVerify = Throughput.measure(() -> {
      jdkVerifier.update(message);
      return check(jdkVerifier.verify(jdkSignature));
    }, settings.warmup(), settings.measurement());

    Optional<Rates> opensslSign = opensslRounds.isEmpty() ? Optional.empty()
        : Optional.of(Rates.of(opensslRounds.stream().map(OpenSslSpeed::signsPerSecond).toList()));
    Optional<Rates> opensslVerify = opensslRounds.isEmpty() ? Optional.empty()
        : Optional.of(Rates.of(
            opensslRounds.stream().map(OpenSslSpeed::verifiesPerSecond).toList()));
    Rates bcSign = Rates.of(bcSignRounds);
    Rates bcVerify = Rates.of(bcVerifyRounds);
    Rates jdkSignRates = new Rates(jdkSign.perSecond(), jdkSign.perSecond(), 1);
    Rates jdkVerifyRates = new Rates(jdkVerify.perSecond(), jdkVerify.perSecond(), 1);

    String bouncyCastle = "BouncyCastle " + new BouncyCastleProvider().getVersionStr()
        + " (`dev.cleanroom.crypto`)";
    String jdk = "JDK " + System.getProperty("java.specification.version") + " "
        + jdkSigner.getProvider().getName();
    MarkdownTable table = new MarkdownTable("implementation", "operation", "ops/s (best round)",
        "µs per op", "rounds", "slowest round (ops/s)", "time per op vs OpenSSL");
    row(table, bouncyCastle, "sign", bcSign, opensslSign);
    row(table, bouncyCastle, "verify", bcVerify, opensslVerify);
    row(table, jdk, "sign", jdkSignRates, opensslSign);
    row(table, jdk, "verify", jdkVerifyRates, opensslVerify);
    String version = opensslRounds.isEmpty() ? "" : opensslRounds.get(0).version();
    String openssl = "OpenSSL " + version + " (`openssl speed`)";
    opensslSign.ifPresent(rates -> row(table, openssl, "sign", rates, opensslSign));
    opensslVerify.ifPresent(rates -> row(table, openssl, "verify", rates, opensslVerify));
    return new Ed25519Report(settings, bouncyCastle, jdk, bcSign, bcVerify, jdkSignRates,
        jdkVerifyRates, opensslSign, opensslVerify, table).markdown();
  }

  private static int check(boolean verified) throws SignatureException {
    if (!verified) {
      throw new SignatureException("a valid signature did not verify");
    }
    return 1;
  }

  private static void row(MarkdownTable table, String implementation, String operation,
      Rates measured, Optional<Rates> openssl) {
    table.row(implementation, operation, Formats.count(measured.best()),
        Formats.decimal(1e6 / measured.best(), 1), Integer.toString(measured.rounds()),
        Formats.count(measured.slowest()),
        openssl.map(reference -> Formats.ratio(timeRatio(reference, measured))).orElse("–"));
  }

  /** OpenSSL's best rate over the implementation's: its time per operation relative to OpenSSL. */
  static double timeRatio(Rates openssl, Rates measured) {
    return openssl.best() / measured.best();
  }

  static double targetTimeRatio() {
    return TARGET_TIME_RATIO;
  }
}
