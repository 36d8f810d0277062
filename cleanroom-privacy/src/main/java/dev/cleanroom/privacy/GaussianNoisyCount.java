package dev.cleanroom.privacy;

import dev.cleanroom.core.CleanroomException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * A count released with discrete Gaussian noise, accounted in zero-concentrated differential privacy (zCDP).
 *
 * <h2>Privacy guarantee</h2>
 * With at most {@code maxContributions} rows per subject in the query, the vector of counts has L2 sensitivity
 * {@code Δ <= maxContributions}. Discrete Gaussian noise with {@code sigma^2 = Δ^2 / (2 rho)} makes the counts
 * {@code rho}-zCDP (Canonne, Kamath and Steinke 2020, Theorem 4). zCDP composes by adding the rhos. For a budget
 * kept in {@code (epsilon, delta)}, {@link #approximateCost} converts with the standard bound
 * {@code epsilon = rho + 2 sqrt(rho ln(1 / delta))}, rounded up.
 *
 * <p>Gaussian noise has lighter tails than Laplace noise, which pays off when many counts are released together.
 * Immutable and thread-safe.
 */
public final class GaussianNoisyCount {
  private static final String NAME = "gaussian noisy count";
  private static final int COST_DIGITS = 9;

  private final BigDecimal rho;
  private final Rational sigmaSquared;

  private GaussianNoisyCount(BigDecimal rho, Rational sigmaSquared) {
    this.rho = rho;
    this.sigmaSquared = sigmaSquared;
  }

  /**
   * The mechanism for one query's counts.
   *
   * @param rho the zCDP parameter this count may spend, positive
   * @param maxContributions rows one subject may add to the query's counts, in {@code [1, 65536]}
   */
  public static GaussianNoisyCount of(BigDecimal rho, long maxContributions) {
    Rational exactRho = Parameters.positiveEpsilon(NAME, rho);
    long sensitivity = Parameters.contributions(NAME, "maxContributions", maxContributions);
    Rational sigmaSquared = Rational.of(Math.multiplyExact(sensitivity, sensitivity))
        .divide(Rational.of(2).multiply(exactRho));
    if (sigmaSquared.compareTo(DiscreteGaussian.MAX_SIGMA_SQUARED) > 0) {
      throw CleanroomException.invalid(NAME + ": rho " + rho.toPlainString() + " is too small");
    }
    return new GaussianNoisyCount(rho, sigmaSquared);
  }

  /** {@code sigma^2 = Δ^2 / (2 rho)}. */
  public Rational sigmaSquared() {
    return sigmaSquared;
  }

  /** The zCDP parameter {@code rho}. */
  public BigDecimal rho() {
    return rho;
  }

  /**
   * An {@code (epsilon, delta)} cost that this mechanism satisfies:
   * {@code epsilon = rho + 2 sqrt(rho ln(1 / delta))}, rounded up to 9 decimals plus {@code 1e-9} to cover
   * floating-point error.
   */
  public PrivacyCost approximateCost(BigDecimal delta) {
    Objects.requireNonNull(delta, "delta");
    if (delta.signum() <= 0 || delta.compareTo(BigDecimal.ONE) >= 0) {
      throw CleanroomException.invalid(NAME + ": delta must be in (0, 1), got " + delta.toPlainString());
    }
    double rhoValue = rho.doubleValue();
    double epsilon = rhoValue + 2 * Math.sqrt(rhoValue * Math.log(1 / delta.doubleValue()));
    BigDecimal rounded = new BigDecimal(epsilon).setScale(COST_DIGITS, RoundingMode.CEILING)
        .add(BigDecimal.ONE.movePointLeft(COST_DIGITS));
    return new PrivacyCost(rounded, delta);
  }

  /** {@code trueCount} plus fresh noise. */
  public long release(RandomSource random, long trueCount) {
    Objects.requireNonNull(random, "random");
    return Math.addExact(trueCount, DiscreteGaussian.sample(random, sigmaSquared));
  }
}
