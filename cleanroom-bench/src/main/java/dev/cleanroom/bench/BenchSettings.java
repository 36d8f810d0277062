package dev.cleanroom.bench;

import java.time.Duration;

/**
 * How long and how large each benchmark runs. {@link #standard()} is what {@code BENCHMARKS.md}
 * reports (about two minutes on two cores); {@link #quick()} is a smoke run of a few seconds that
 * exercises every code path with sizes too small to mean anything.
 *
 * @param batchSize entries per {@code append} call, so per fsync, in the batched append runs
 * @param rootInterval entries between two runtime-signed Merkle roots
 * @param warmupEntries entries appended per variant before anything is measured
 * @param roundEntries entries appended per variant in each measured round
 * @param rounds measured rounds per variant; the variants alternate round by round
 * @param unbatchedDuration how long each variant appends one entry per fsync
 * @param signatureWarmup warm-up time of each signature operation
 * @param signatureMeasurement measured time of each signature operation
 * @param opensslSeconds the {@code -seconds} argument of {@code openssl speed}
 * @param receiptTreeSize entries covered by the signed root the receipts prove inclusion under
 * @param receiptWarmupOps receipts generated, and verified, before measuring
 * @param receiptGenerationOps receipts generated while measuring
 * @param receiptVerificationOps receipts verified while measuring
 */
public record BenchSettings(
    int batchSize,
    int rootInterval,
    int warmupEntries,
    int roundEntries,
    int rounds,
    Duration unbatchedDuration,
    Duration signatureWarmup,
    Duration signatureMeasurement,
    int opensslSeconds,
    int receiptTreeSize,
    int receiptWarmupOps,
    int receiptGenerationOps,
    int receiptVerificationOps) {

  public BenchSettings {
    requirePositive(batchSize, "batch size");
    requirePositive(rootInterval, "root interval");
    requirePositive(roundEntries, "round entries");
    requirePositive(rounds, "rounds");
    requirePositive(opensslSeconds, "openssl seconds");
    if (receiptTreeSize < 2) {
      throw new IllegalArgumentException(
          "receipt tree size is " + receiptTreeSize + "; it must hold the runtime entry and a ballot");
    }
    requirePositive(receiptGenerationOps, "receipt generation operations");
    requirePositive(receiptVerificationOps, "receipt verification operations");
  }

  /** The settings the published numbers come from. */
  public static BenchSettings standard() {
    return new BenchSettings(1_000, 5_000, 100_000, 200_000, 5, Duration.ofSeconds(3),
        Duration.ofSeconds(2), Duration.ofSeconds(3), 3, 1_000_000, 20_000, 50_000, 20_000);
  }

  /** A smoke run: every path once, with numbers that mean nothing. */
  public static BenchSettings quick() {
    return new BenchSettings(1_000, 5_000, 5_000, 20_000, 1, Duration.ofMillis(300),
        Duration.ofMillis(200), Duration.ofMillis(300), 1, 20_000, 200, 1_000, 500);
  }

  private static void requirePositive(long value, String name) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " is " + value + "; it must be positive");
    }
  }
}
