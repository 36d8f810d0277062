package dev.cleanroom.privacy;

import dev.cleanroom.core.CleanroomException;
import java.math.BigInteger;
import java.util.Objects;

/**
 * Exact sampler of the discrete Gaussian distribution on the integers,
 * {@code P[X = x] ∝ exp(-x^2 / (2 sigma^2))} for a rational variance parameter {@code sigma^2 > 0}, after
 * Algorithm 3 of Canonne, Kamath and Steinke (2020).
 *
 * <p>It proposes {@code Y} from the discrete Laplace distribution with integer scale
 * {@code t = floor(sigma) + 1} and accepts it with probability
 * {@code exp(-(|Y| - sigma^2 / t)^2 / (2 sigma^2))}, an exact rational exponent. The accepted values have exactly
 * the discrete Gaussian distribution; the expected number of proposals is a small constant (below about 2 for
 * {@code sigma >= 1}). {@code floor(sigma)} is computed exactly as the integer square root of
 * {@code floor(sigma^2)}.
 *
 * <p>Adding this noise to an integer-valued query of L2 sensitivity {@code Δ} satisfies
 * {@code Δ^2 / (2 sigma^2)}-zero-concentrated differential privacy (Canonne, Kamath and Steinke, Theorem 4).
 * Stateless and thread-safe.
 */
public final class DiscreteGaussian {
  /** The largest {@code sigma^2} accepted, {@code 2^96}, so that the proposal scale stays within the Laplace limit. */
  public static final Rational MAX_SIGMA_SQUARED = Rational.of(BigInteger.ONE.shiftLeft(96), BigInteger.ONE);

  private DiscreteGaussian() {}

  /**
   * One sample with {@code P[X = x] ∝ exp(-x^2 / (2 sigmaSquared))}.
   *
   * @throws CleanroomException if {@code sigmaSquared} is not positive or exceeds {@link #MAX_SIGMA_SQUARED}
   */
  public static long sample(RandomSource random, Rational sigmaSquared) {
    Objects.requireNonNull(random, "random");
    Objects.requireNonNull(sigmaSquared, "sigmaSquared");
    if (sigmaSquared.signum() <= 0 || sigmaSquared.compareTo(MAX_SIGMA_SQUARED) > 0) {
      throw CleanroomException.invalid("discrete Gaussian sigma^2 must be in (0, 2^96], got " + sigmaSquared);
    }
    BigInteger n = sigmaSquared.numerator();
    BigInteger d = sigmaSquared.denominator();
    BigInteger t = sigmaSquared.floor().sqrt().add(BigInteger.ONE);
    Rational proposalScale = Rational.of(t, BigInteger.ONE);
    BigInteger dt = d.multiply(t);
    // (|y| - n/(d t))^2 / (2 n/d) = (|y| d t - n)^2 / (2 n d t^2)
    BigInteger exponentDenominator = n.multiply(dt).multiply(t).shiftLeft(1);
    while (true) {
      long y = DiscreteLaplace.sample(random, proposalScale);
      BigInteger offset = BigInteger.valueOf(y).abs().multiply(dt).subtract(n);
      if (BernoulliExp.sample(random, offset.multiply(offset), exponentDenominator)) {
        return y;
      }
    }
  }
}
