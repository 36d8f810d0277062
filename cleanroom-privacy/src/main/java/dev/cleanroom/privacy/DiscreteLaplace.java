package dev.cleanroom.privacy;

import dev.cleanroom.core.CleanroomException;
import java.math.BigInteger;
import java.util.Objects;

/**
 * Exact sampler of the discrete Laplace distribution on the integers,
 * {@code P[X = x] = tanh(1 / (2t)) * exp(-|x| / t)} for a rational scale {@code t > 0}, after Algorithm 2 of
 * Canonne, Kamath and Steinke (2020).
 *
 * <p>With {@code t = a / b} in lowest terms: draw {@code U} uniform in {@code [0, a)} and keep it with probability
 * {@code exp(-U / a)}; draw {@code V}, the number of successes of {@code Bernoulli(exp(-1))} before the first
 * failure; then {@code X = U + a V} is geometric with {@code P[X = x] ∝ exp(-x / a)}, and {@code Y = floor(X / b)}
 * is geometric with {@code P[Y = y] ∝ exp(-y b / a) = exp(-y / t)}. A fair coin gives the sign, and the draw
 * "negative zero" is rejected so that zero is not counted twice. All steps are integer arithmetic on the numerator
 * and denominator; the output distribution is exactly the one above.
 *
 * <p>Adding this noise to an integer query whose value changes by at most {@code Δ} between neighbouring datasets
 * gives {@code (Δ / t)}-differential privacy, since the pmf ratio at any two points {@code Δ} apart is at most
 * {@code exp(Δ / t)}. Stateless and thread-safe.
 */
public final class DiscreteLaplace {
  /**
   * The largest scale accepted, {@code 2^56}: the output is a {@code long}, and a sample overflows it with
   * probability below {@code exp(-128)}.
   */
  public static final Rational MAX_SCALE = Rational.of(BigInteger.ONE.shiftLeft(56), BigInteger.ONE);

  private static final int FAST_PATH_BITS = 40;

  private DiscreteLaplace() {}

  /**
   * One sample with {@code P[X = x] ∝ exp(-|x| / scale)}.
   *
   * @throws CleanroomException if the scale is not positive or exceeds {@link #MAX_SCALE}
   */
  public static long sample(RandomSource random, Rational scale) {
    Objects.requireNonNull(random, "random");
    Objects.requireNonNull(scale, "scale");
    if (scale.signum() <= 0 || scale.compareTo(MAX_SCALE) > 0) {
      throw CleanroomException.invalid("discrete Laplace scale must be in (0, 2^56], got " + scale);
    }
    BigInteger a = scale.numerator();
    BigInteger b = scale.denominator();
    if (a.bitLength() <= FAST_PATH_BITS && b.bitLength() <= FAST_PATH_BITS) {
      return sampleSmall(random, a, a.longValueExact(), b.longValueExact());
    }
    while (true) {
      BigInteger u = random.nextBigInteger(a);
      if (!BernoulliExp.sampleAtMostOne(random, u, a)) {
        continue;
      }
      BigInteger y = u.add(a.multiply(BigInteger.valueOf(geometricExpMinusOne(random)))).divide(b);
      boolean negative = random.nextBoolean();
      if (negative && y.signum() == 0) {
        continue;
      }
      long magnitude = y.longValueExact();
      return negative ? -magnitude : magnitude;
    }
  }

  /** The same algorithm in {@code long} arithmetic, for numerator and denominator below 2^40. */
  private static long sampleSmall(RandomSource random, BigInteger bigA, long a, long b) {
    while (true) {
      long u = random.nextLong(a);
      if (!BernoulliExp.sampleAtMostOne(random, BigInteger.valueOf(u), bigA)) {
        continue;
      }
      long x = Math.addExact(u, Math.multiplyExact(a, geometricExpMinusOne(random)));
      long y = x / b;
      boolean negative = random.nextBoolean();
      if (negative && y == 0) {
        continue;
      }
      return negative ? -y : y;
    }
  }

  /** Number of successes of {@code Bernoulli(exp(-1))} before the first failure. */
  private static long geometricExpMinusOne(RandomSource random) {
    long count = 0;
    while (BernoulliExp.sampleExpMinusOne(random)) {
      count++;
    }
    return count;
  }
}
