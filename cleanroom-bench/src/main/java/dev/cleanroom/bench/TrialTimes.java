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

  /**
   * The median, over trials, of each trial's time over the baseline's time in the same trial
   * (nearest rank, as {@link #ofNanos}). Both were timed close together, so a slow spell of the
   * machine that slows both cancels out of the trial's ratio, where it would move one median and
   * not the other.
   *
   * @param nanos one entry per trial
   * @param baselineNanos the baseline's entry for each of the same trials
   */
  public static double medianOfTrialRatios(List<Long> nanos, List<Long> baselineNanos) {
    if (nanos.isEmpty() || nanos.size() != baselineNanos.size()) {
      throw new IllegalArgumentException("need one baseline time per trial, got " + nanos.size()
          + " trials and " + baselineNanos.size() + " baseline times");
    }
    double[] ratios = new double[nanos.size()];
    for (int trial = 0; trial < ratios.length; trial++) {
      ratios[trial] = (double) nanos.get(trial) / baselineNanos.get(trial);
    }
    Arrays.sort(ratios);
    return ratios[(int) Math.ceil(ratios.length / 2.0) - 1];
  }

  /** This median over {@code baseline}'s: the time relative to the baseline, such as 1.04. */
  public double ratioTo(TrialTimes baseline) {
    return medianMillis / baseline.medianMillis;
  }
}
