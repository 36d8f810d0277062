package dev.cleanroom.privacy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * An average of real values released as a noisy sum divided by a noisy count.
 *
 * <p>The sum is taken over values <em>centred</em> on the midpoint {@code m = (low + high) / 2}: each value is
 * clamped to {@code [low, high]}, {@code m} is subtracted, and the result is rounded to a power-of-two grid as in
 * {@link NoisySum}. A centred value lies within {@code ±(high - low) / 2}, so the sum's sensitivity depends on the
 * width of the interval rather than on its distance from zero. The release is
 * {@code m + noisyCentredSum / max(1, noisyCount)}, clamped into {@code [low, high]}.
 *
 * <h2>Privacy guarantee</h2>
 * The epsilon is split in two equal halves. With at most {@code maxContributions} rows per subject in the query,
 * the count has sensitivity {@code maxContributions} and gets discrete Laplace noise of scale
 * {@code maxContributions / (epsilon / 2)}; the centred sum has sensitivity {@code maxContributions × B} grid units
 * ({@code B = ceil(max |value - m| / g)}) and noise of scale {@code maxContributions × B / (epsilon / 2)}. By
 * sequential composition the pair is {@code epsilon}-DP, and the division and clamping are post-processing.
 *
 * <p>Immutable and thread-safe.
 */
public final class NoisyAverage {
  private static final String NAME = "noisy average";
  private static final BigDecimal TWO = BigDecimal.valueOf(2);

  private final BigDecimal epsilon;
  private final double low;
  private final double high;
  private final double midpoint;
  private final ValueGrid grid;
  private final Rational countScale;
  private final Rational sumScale;

  private NoisyAverage(BigDecimal epsilon, double low, double high, ValueGrid grid, Rational countScale,
      Rational sumScale) {
    this.epsilon = epsilon;
    this.low = low;
    this.high = high;
    this.midpoint = low / 2 + high / 2;
    this.grid = grid;
    this.countScale = countScale;
    this.sumScale = sumScale;
  }

  /**
   * The mechanism for one averaged column.
   *
   * @param epsilon the epsilon this average may spend in total, positive
   * @param maxContributions rows one subject may add to the query, in {@code [1, 65536]}
   * @param low the policy's lower clamping bound
   * @param high the policy's upper clamping bound, at least {@code low}
   */
  public static NoisyAverage of(BigDecimal epsilon, long maxContributions, double low, double high) {
    Parameters.positiveEpsilon(NAME, epsilon);
    Parameters.contributions(NAME, "maxContributions", maxContributions);
    Parameters.bounds(NAME, low, high);
    // Dividing a decimal by two always terminates, so the halves are exact.
    Rational half = Rational.fromDecimal(epsilon.divide(TWO, epsilon.scale() + 1, RoundingMode.UNNECESSARY));
    double midpoint = low / 2 + high / 2;
    ValueGrid grid = ValueGrid.covering(Math.max(high - midpoint, midpoint - low));
    long sumSensitivity = Math.multiplyExact(maxContributions, grid.maxUnits());
    Rational countScale = Parameters.laplaceScale(NAME, maxContributions, half);
    Rational sumScale = sumSensitivity == 0 ? Rational.ZERO : Parameters.laplaceScale(NAME, sumSensitivity, half);
    return new NoisyAverage(epsilon, low, high, grid, countScale, sumScale);
  }

  /** The centre {@code m} the values are summed around. */
  public double midpoint() {
    return midpoint;
  }

  /** The grid step {@code g} of the centred sum, a power of two. */
  public double granularity() {
    return grid.granularity();
  }

  /** The discrete Laplace scale of the count, {@code maxContributions / (epsilon / 2)}. */
  public Rational countNoiseScale() {
    return countScale;
  }

  /** The discrete Laplace scale of the centred sum in grid units, {@code maxContributions × B / (epsilon / 2)}. */
  public Rational sumNoiseScaleInGridUnits() {
    return sumScale;
  }

  /** {@code (epsilon, 0)}: {@code epsilon / 2} for the count plus {@code epsilon / 2} for the sum. */
  public PrivacyCost cost() {
    return PrivacyCost.pure(epsilon);
  }

  /** One row's value clamped to {@code [low, high]}, centred on {@code m} and rounded to the grid; NaN gives 0. */
  public long toCentredGridUnits(double value) {
    if (Double.isNaN(value)) {
      return 0;
    }
    return grid.toUnits(Math.max(low, Math.min(high, value)) - midpoint);
  }

  /**
   * The noisy average from the group's row count and the exact sum of its rows' centred grid units.
   */
  public double release(RandomSource random, long count, long centredSumInGridUnits) {
    Objects.requireNonNull(random, "random");
    if (low == high) {
      return low; // every clamped value equals low: the answer does not depend on the data
    }
    long noisyCount = Math.addExact(count, DiscreteLaplace.sample(random, countScale));
    long noisySum = Math.addExact(centredSumInGridUnits, DiscreteLaplace.sample(random, sumScale));
    double average = midpoint + grid.fromUnits(noisySum) / Math.max(1L, noisyCount);
    return Math.max(low, Math.min(high, average));
  }

  /** Clamps, centres, rounds and sums {@code values}, then releases their noisy average. */
  public double release(RandomSource random, double[] values) {
    long sum = 0;
    for (double value : values) {
      sum = Math.addExact(sum, toCentredGridUnits(value));
    }
    return release(random, values.length, sum);
  }
}
