package dev.cleanroom.privacy;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A count released with discrete Laplace noise.
 *
 * <h2>Privacy guarantee</h2>
 * If every subject contributes at most {@code maxContributions} rows to the counts of one query (across all of
 * its groups together), adding or removing one subject changes the vector of counts by at most
 * {@code Δ = maxContributions} in L1 norm. Noise of scale {@code t = Δ / epsilon} added to each count makes the
 * released counts {@code epsilon}-differentially private (pure DP, {@code delta = 0}). The caller must enforce the
 * contribution bound before counting; this class cannot check it.
 *
 * <p>The noise has variance {@code 2 q / (1 - q)^2} with {@code q = exp(-1 / t)}, close to {@code 2 t^2} for
 * large {@code t}. The released value may be negative; replacing it by {@code max(0, value)} is post-processing
 * and costs no privacy. Immutable and thread-safe.
 */
public final class NoisyCount {
  private static final String NAME = "noisy count";

  private final BigDecimal epsilon;
  private final long sensitivity;
  private final Rational scale;

  private NoisyCount(BigDecimal epsilon, long sensitivity, Rational scale) {
    this.epsilon = epsilon;
    this.sensitivity = sensitivity;
    this.scale = scale;
  }

  /**
   * The mechanism for one query's counts.
   *
   * @param epsilon the epsilon this count may spend, positive
   * @param maxContributions rows one subject may add to the query's counts, in {@code [1, 65536]}
   */
  public static NoisyCount of(BigDecimal epsilon, long maxContributions) {
    Rational exactEpsilon = Parameters.positiveEpsilon(NAME, epsilon);
    long sensitivity = Parameters.contributions(NAME, "maxContributions", maxContributions);
    return new NoisyCount(epsilon, sensitivity, Parameters.laplaceScale(NAME, sensitivity, exactEpsilon));
  }

  /** {@code Δ = maxContributions}. */
  public long sensitivity() {
    return sensitivity;
  }

  /** The discrete Laplace scale {@code Δ / epsilon}. */
  public Rational noiseScale() {
    return scale;
  }

  /** {@code (epsilon, 0)}. */
  public PrivacyCost cost() {
    return PrivacyCost.pure(epsilon);
  }

  /** {@code trueCount} plus fresh noise. */
  public long release(RandomSource random, long trueCount) {
    Objects.requireNonNull(random, "random");
    return Math.addExact(trueCount, DiscreteLaplace.sample(random, scale));
  }
}
