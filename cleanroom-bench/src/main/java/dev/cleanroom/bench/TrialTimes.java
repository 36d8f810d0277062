package dev.cleanroom.bench;

import java.util.Arrays;
import java.util.List;

/**
 * Wall times of repeated trials of one operation, summarized by their median (nearest rank, as
 * {@link LatencySummary#percentile}), fastest and slowest.
 *
 * @param trials how many trials were timed
 * @param medianMillis the median trial, in milliseconds
 * @param fastestMillis the fastest trial, in milliseconds
 * @param slowestMillis the slowest trial, in milliseconds
 */
public record TrialTimes(int trials, double medianMillis, double fastestMillis, double slowestMillis) {

  /** Summarizes {@code nanos}, one entry per trial. */
  public static TrialTimes ofNanos(List<Long> nanos) {
    if (nanos.isEmpty()) {
      throw new IllegalArgumentException("no trials were timed");
    }
    long[] sorted = nanos.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(sorted);
    return new TrialTimes(sorted.length, LatencySummary.percentile(sorted, 50) / 1e6,
        sorted[0] / 1e6, sorted[sorted.length - 1] / 1e6);
  }

  /** This median over {@code baseline}'s: the time relative to the baseline, such as 1.04. */
  public double ratioTo(TrialTimes baseline) {
    return medianMillis / baseline.medianMillis;
  }
}
