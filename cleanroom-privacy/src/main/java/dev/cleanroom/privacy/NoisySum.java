package dev.cleanroom.privacy;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A sum of real values released with discrete Laplace noise on a fixed-point grid.
 *
 * <p>Each value is clamped to the policy's {@code [low, high]} and rounded to the nearest multiple of a
 * power-of-two granularity {@code g} <em>before</em> it is summed, so the sum is an exact integer number of grid
 * units and each row adds at most {@code B = ceil(max(|low|, |high|) / g)} units in absolute value. The
 * granularity is {@code 2^(e - 24)} where {@code 2^e} is the smallest power of two above
 * {@code max(|low|, |high|)}; see {@link #granularity()}.
 *
 * <h2>Privacy guarantee</h2>
 * If every subject contributes at most {@code maxContributions} rows to one query (across all of its groups),
 * adding or removing a subject changes the vector of grid sums by at most {@code Δ = maxContributions × B} in L1
 * norm. Discrete Laplace noise of scale {@code Δ / epsilon} grid units makes the released sums
 * {@code epsilon}-differentially private. Converting the noisy integer back to a double is post-processing.
 * The caller must enforce the contribution bound, and when the runtime sums in SQL it must sum the per-row grid
 * units ({@link #toGridUnits}), never round a floating-point sum afterwards.
 *
 * <p>Immutable and thread-safe.
 */
public final class NoisySum {
  private static final String NAME = "noisy sum";

  private final BigDecimal epsilon;
  private final double low;
  private final double high;
  private final ValueGrid grid;
  private final long sensitivity;
  private final Rational scale;

  private NoisySum(BigDecimal epsilon, double low, double high, ValueGrid grid, long sensitivity, Rational scale) {
    this.epsilon = epsilon;
    this.low = low;
    this.high = high;
    this.grid = grid;
    this.sensitivity = sensitivity;
    this.scale = scale;
  }

  /**
   * The mechanism for one aggregated column.
   *
   * @param epsilon the epsilon this sum may spend, positive
   * @param maxContributions rows one subject may add to the query, in {@code [1, 65536]}
   * @param low the policy's lower clamping bound
   * @param high the policy's upper clamping bound, at least {@code low}
   */
  public static NoisySum of(BigDecimal epsilon, long maxContributions, double low, double high) {
    Rational exactEpsilon = Parameters.positiveEpsilon(NAME, epsilon);
    Parameters.contributions(NAME, "maxContributions", maxContributions);
    Parameters.bounds(NAME, low, high);
    ValueGrid grid = ValueGrid.covering(Math.max(Math.abs(low), Math.abs(high)));
    long sensitivity = Math.multiplyExact(maxContributions, grid.maxUnits());
    Rational scale = sensitivity == 0 ? Rational.ZERO : Parameters.laplaceScale(NAME, sensitivity, exactEpsilon);
    return new NoisySum(epsilon, low, high, grid, sensitivity, scale);
  }

  /** The grid step {@code g}, a power of two. */
  public double granularity() {
    return grid.granularity();
  }

  /** The {@code k} of {@code g = 2^k}, for a runtime that computes grid units in SQL. */
  public int granularityExponent() {
    return grid.exponent();
  }

  /** {@code Δ = maxContributions × ceil(max(|low|, |high|) / g)}, in grid units. */
  public long sensitivityInGridUnits() {
    return sensitivity;
  }

  /** The discrete Laplace scale {@code Δ / epsilon} in grid units (zero when both bounds are zero). */
  public Rational noiseScaleInGridUnits() {
    return scale;
  }

  /** {@code (epsilon, 0)}. */
  public PrivacyCost cost() {
    return PrivacyCost.pure(epsilon);
  }

  /** One row's value clamped to {@code [low, high]} and rounded to the grid; NaN counts as 0. */
  public long toGridUnits(double value) {
    return grid.toUnits(Math.max(low, Math.min(high, value)));
  }

  /** The exact sum of the rows' grid units. */
  public long sumInGridUnits(double[] values) {
    long sum = 0;
    for (double value : values) {
      sum = Math.addExact(sum, toGridUnits(value));
    }
    return sum;
  }

  /** The sum of grid units plus fresh noise, converted back to the values' unit. */
  public double release(RandomSource random, long sumInGridUnits) {
    Objects.requireNonNull(random, "random");
    if (sensitivity == 0) {
      return 0.0; // both bounds are zero: every clamped value is zero and the sum reveals nothing
    }
    return grid.fromUnits(Math.addExact(sumInGridUnits, DiscreteLaplace.sample(random, scale)));
  }

  /** Clamps, rounds and sums {@code values}, then releases the sum with noise. */
  public double release(RandomSource random, double[] values) {
    return release(random, sumInGridUnits(values));
  }
}
