package dev.cleanroom.privacy;

import dev.cleanroom.core.CleanroomException;
import java.math.BigInteger;
import java.util.Objects;

/**
 * Exact sampler of a Bernoulli variable that is true with probability {@code exp(-gamma)} for a rational
 * {@code gamma >= 0}, after Algorithm 1 of Canonne, Kamath and Steinke, "The Discrete Gaussian for Differential
 * Privacy" (2020).
 *
 * <p>For {@code gamma} in {@code [0, 1]} it draws coins {@code A_k ~ Bernoulli(gamma / k)} for {@code k = 1, 2, ...}
 * until the first one that fails; the index of that coin is odd with probability exactly
 * {@code sum_j (-gamma)^j / j! = exp(-gamma)}. A larger {@code gamma} is split as
 * {@code exp(-gamma) = exp(-1)^floor(gamma) * exp(-(gamma - floor(gamma)))}, one independent coin per factor.
 * Every coin is a comparison of a uniform integer with a rational's numerator, so no floating point is involved
 * and the probability is exact, not an approximation.
 *
 * <p>The running time depends on the random draws and on {@code gamma} (about {@code gamma} coins in the worst
 * case, far fewer on average since the first failing factor stops the loop). Stateless and thread-safe.
 */
public final class BernoulliExp {
  /** Denominators up to this many bits take a {@code long} fast path; {@code k} never gets near 2^23 in practice. */
  private static final int FAST_PATH_BITS = 40;

  private BernoulliExp() {}

  /**
   * True with probability {@code exp(-gamma)}.
   *
   * @throws CleanroomException if {@code gamma} is negative
   */
  public static boolean sample(RandomSource random, Rational gamma) {
    Objects.requireNonNull(random, "random");
    Objects.requireNonNull(gamma, "gamma");
    if (gamma.signum() < 0) {
      throw CleanroomException.invalid("gamma of Bernoulli(exp(-gamma)) must be at least 0, got " + gamma);
    }
    return sample(random, gamma.numerator(), gamma.denominator());
  }

  /** True with probability {@code exp(-numerator / denominator)}; both non-negative, the denominator positive. */
  static boolean sample(RandomSource random, BigInteger numerator, BigInteger denominator) {
    BigInteger[] wholeAndRest = numerator.divideAndRemainder(denominator);
    for (BigInteger i = BigInteger.ZERO; i.compareTo(wholeAndRest[0]) < 0; i = i.add(BigInteger.ONE)) {
      if (!sampleExpMinusOne(random)) {
        return false;
      }
    }
    return sampleAtMostOne(random, wholeAndRest[1], denominator);
  }

  /** True with probability {@code exp(-numerator / denominator)} where {@code 0 <= numerator <= denominator}. */
  static boolean sampleAtMostOne(RandomSource random, BigInteger numerator, BigInteger denominator) {
    if (denominator.bitLength() <= FAST_PATH_BITS) {
      long n = numerator.longValueExact();
      long d = denominator.longValueExact();
      long k = 1;
      while (random.nextLong(Math.multiplyExact(d, k)) < n) {
        k++;
      }
      return (k & 1) == 1;
    }
    BigInteger k = BigInteger.ONE;
    while (random.nextBigInteger(denominator.multiply(k)).compareTo(numerator) < 0) {
      k = k.add(BigInteger.ONE);
    }
    return k.testBit(0);
  }

  /** True with probability {@code exp(-1)}; the building block of the geometric loops of the other samplers. */
  static boolean sampleExpMinusOne(RandomSource random) {
    long k = 1;
    while (random.nextLong(k) == 0) {
      k++;
    }
    return (k & 1) == 1;
  }
}
