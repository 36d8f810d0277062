package dev.cleanroom.privacy;

import dev.cleanroom.core.CleanroomException;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * Decides whether a group key seen in the data may appear in a result, by Laplace thresholding: the group is
 * kept only if its count plus discrete Laplace noise reaches a threshold {@code τ}. Without this step, the mere
 * presence of a group key that only one subject has would reveal that subject.
 *
 * <h2>Parameters and formula</h2>
 * Let each subject contribute to at most {@code k} groups ({@code maxPartitionsPerSubject}), add at most {@code c} to
 * each group's count ({@code maxContributionsPerPartition}; 1 when the count is of distinct subjects), and at most
 * {@code L <= k c} to all groups' counts together (the L1 sensitivity; {@code k c} unless the caller knows better,
 * see {@link #ofRowCounts}). The noise scale is {@code b = L / epsilon}, and the threshold is
 * <pre>τ = c + ceil(b · ln(k / delta))</pre>
 * computed in floating point with a relative safety margin of 1e-12 added before the ceiling, which covers the
 * rounding of the logarithm and the product.
 *
 * <h2>Privacy guarantee: (epsilon, delta)-DP</h2>
 * Take neighbouring datasets where {@code D'} has one more subject than {@code D}. (1) Groups present in both:
 * their counts differ by at most {@code L} in L1 norm, so the noisy counts, and any decision taken from them,
 * are {@code epsilon}-DP. (2) Groups present only in {@code D'} (at most {@code k}, each with count at most
 * {@code c}): for discrete Laplace noise {@code X} of scale {@code b} and an integer {@code m >= 1},
 * {@code P[X >= m] = q^m / (1 + q) <= exp(-m / b)} with {@code q = exp(-1 / b)}, so each such group is kept with
 * probability at most {@code exp(-(τ - c) / b) <= delta / k}, and some such group with probability at most
 * {@code delta}. Outside that event the outputs are {@code epsilon}-close, which gives {@code (epsilon, delta)}.
 * Dropping the {@code 1 + q} factor makes the threshold slightly larger than necessary, never smaller.
 *
 * <p>Only the keep/drop decision is released; values shown for kept groups need their own noise and epsilon.
 * Immutable and thread-safe.
 */
public final class PartitionSelection {
  private static final String NAME = "partition selection";
  private static final double SAFETY_MARGIN = 1e-12;

  private final PrivacyCost cost;
  private final Rational scale;
  private final long threshold;

  private PartitionSelection(PrivacyCost cost, Rational scale, long threshold) {
    this.cost = cost;
    this.scale = scale;
    this.threshold = threshold;
  }

  /**
   * The selection rule for one query, with the L1 sensitivity {@code k c}.
   *
   * @param epsilon positive
   * @param delta in {@code (0, 1)}
   * @param maxPartitionsPerSubject {@code k}: groups one subject can appear in, in {@code [1, 65536]}
   * @param maxContributionsPerPartition {@code c}: the most one subject adds to one group's count, in
   *     {@code [1, 65536]}
   */
  public static PartitionSelection of(BigDecimal epsilon, BigDecimal delta, long maxPartitionsPerSubject,
      long maxContributionsPerPartition) {
    long k = Parameters.contributions(NAME, "maxPartitionsPerSubject", maxPartitionsPerSubject);
    long c = Parameters.contributions(NAME, "maxContributionsPerPartition", maxContributionsPerPartition);
    return of(epsilon, delta, k, c, Math.multiplyExact(k, c));
  }

  /**
   * The selection rule for counts of rows when each subject has at most {@code m} rows in all groups together: then
   * {@code k = c = L = m}. A subject's rows may all fall in one group or spread over {@code m} groups, but their
   * counts together move by at most {@code m}, so the noise scale is {@code m / epsilon} (not {@code m² / epsilon},
   * which {@link #of} with {@code k = c = m} would give), the scale a count of distinct subjects over {@code m} groups
   * needs; the threshold is {@code m - 1} above that count's.
   *
   * @param maxRowsPerSubject {@code m}, in {@code [1, 65536]}
   */
  public static PartitionSelection ofRowCounts(BigDecimal epsilon, BigDecimal delta, long maxRowsPerSubject) {
    long m = Parameters.contributions(NAME, "maxRowsPerSubject", maxRowsPerSubject);
    return of(epsilon, delta, m, m, m);
  }

  private static PartitionSelection of(BigDecimal epsilon, BigDecimal delta, long k, long c, long l1) {
    Rational exactEpsilon = Parameters.positiveEpsilon(NAME, epsilon);
    Objects.requireNonNull(delta, "delta");
    if (delta.signum() <= 0 || delta.compareTo(BigDecimal.ONE) >= 0) {
      throw CleanroomException.invalid(NAME + ": delta must be in (0, 1), got " + delta.toPlainString());
    }
    Rational scale = Parameters.laplaceScale(NAME, l1, exactEpsilon);
    double margin = scale.toDouble() * Math.log(k / delta.doubleValue()) * (1 + SAFETY_MARGIN);
    if (!(margin < 1e17)) {
      throw CleanroomException.invalid(NAME + ": epsilon " + epsilon.toPlainString() + " and delta "
          + delta.toPlainString() + " give a threshold beyond 1e17");
    }
    long threshold = Math.addExact(c, (long) Math.ceil(margin));
    return new PartitionSelection(new PrivacyCost(epsilon, delta), scale, threshold);
  }

  /** {@code τ}: a group is kept when its noisy count is at least this. */
  public long threshold() {
    return threshold;
  }

  /** The discrete Laplace scale {@code b = L / epsilon}. */
  public Rational noiseScale() {
    return scale;
  }

  /** {@code (epsilon, delta)}. */
  public PrivacyCost cost() {
    return cost;
  }

  /** Whether a group with this true count may be released; draws fresh noise each call. */
  public boolean keep(RandomSource random, long count) {
    Objects.requireNonNull(random, "random");
    return Math.addExact(count, DiscreteLaplace.sample(random, scale)) >= threshold;
  }
}
