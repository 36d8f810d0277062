package dev.cleanroom.bench;

import java.util.Arrays;

/**
 * Mean and percentiles of per-operation times. Percentiles use the nearest-rank definition: the
 * p-th percentile is the smallest sample that at least p percent of the samples do not exceed.
 *
 * @param operations how many operations were timed
 * @param meanMicros mean time per operation, in microseconds
 * @param p50Micros median, in microseconds
 * @param p99Micros 99th percentile, in microseconds
 * @param maxMicros slowest operation, in microseconds
 */
public record LatencySummary(
    int operations, double meanMicros, double p50Micros, double p99Micros, double maxMicros) {

  /** Summarizes {@code nanos}, one entry per operation; the array is not modified. */
  public static LatencySummary ofNanos(long[] nanos) {
    if (nanos.length == 0) {
      throw new IllegalArgumentException("no operations were timed");
    }
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    double total = 0;
    for (long value : sorted) {
      total += value;
    }
    return new LatencySummary(sorted.length, total / sorted.length / 1_000.0,
        percentile(sorted, 50) / 1_000.0, percentile(sorted, 99) / 1_000.0,
        sorted[sorted.length - 1] / 1_000.0);
  }

  /** Nearest-rank percentile of an ascending array. */
  public static long percentile(long[] sorted, int percent) {
    if (percent <= 0 || percent > 100) {
      throw new IllegalArgumentException("percentile " + percent + " is not in 1..100");
    }
    int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
    return sorted[Math.max(rank, 1) - 1];
  }
}
