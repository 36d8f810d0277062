package dev.cleanroom.privacy;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.NoSuchAlgorithmException;
import java.security.NoSuchProviderException;
import java.security.SecureRandom;

/**
 * Port for the uniform random integers the noise samplers consume. Every random choice the samplers make is a
 * uniform draw from {@code [0, bound)} for an integer bound, so an implementation needs nothing but an unbiased
 * bounded integer generator.
 *
 * <h2>Security guarantees</h2>
 * The privacy guarantee of every mechanism in this package holds only if the draws are unpredictable to whoever
 * sees the results. Production code must use {@link #secure()}. {@link #insecureSeededForTests(long)} exists so that statistical
 * tests are reproducible; its output is fully determined by its seed and it must never reach a production path.
 * Nothing in this package uses {@code java.util.Random}.
 *
 * <p>Threading: the implementations returned here are safe to share between threads.
 */
public interface RandomSource {
  /**
   * A uniformly distributed integer in {@code [0, bound)}.
   *
   * @throws IllegalArgumentException if {@code bound} is not positive
   */
  long nextLong(long bound);

  /** A uniformly distributed integer in {@code [0, bound)}; {@code bound} must be positive. */
  default int nextInt(int bound) {
    return (int) nextLong(bound);
  }

  /** A fair coin. */
  default boolean nextBoolean() {
    return nextLong(2) == 1;
  }

  /**
   * A uniformly distributed integer in {@code [0, bound)} for a bound of any size. The default draws the needed
   * number of random bits in 62-bit pieces and rejects values at or above the bound (fewer than two attempts on
   * average), so it stays exactly uniform.
   */
  default BigInteger nextBigInteger(BigInteger bound) {
    if (bound.signum() <= 0) {
      throw new IllegalArgumentException("bound must be positive");
    }
    if (bound.bitLength() < Long.SIZE) {
      return BigInteger.valueOf(nextLong(bound.longValueExact()));
    }
    int bits = bound.bitLength();
    while (true) {
      BigInteger candidate = BigInteger.ZERO;
      int remaining = bits;
      while (remaining > 0) {
        int piece = Math.min(remaining, 62);
        candidate = candidate.shiftLeft(piece).or(BigInteger.valueOf(nextLong(1L << piece)));
        remaining -= piece;
      }
      if (candidate.compareTo(bound) < 0) {
        return candidate;
      }
    }
  }

  /** The production source: the platform's default {@link SecureRandom}, seeded by the operating system. */
  static RandomSource secure() {
    return new SecureRandomSource(new SecureRandom(), "secure");
  }

  /**
   * FOR TESTS ONLY: a deterministic source (the SUN provider's SHA1PRNG, seeded with {@code seed} before its first
   * use, which makes its whole output a function of the seed). Anyone who knows or guesses the seed can predict the
   * noise and remove it, so this must never be used to answer a real query.
   */
  static RandomSource insecureSeededForTests(long seed) {
    try {
      SecureRandom random = SecureRandom.getInstance("SHA1PRNG", "SUN");
      random.setSeed(ByteBuffer.allocate(Long.BYTES).putLong(seed).array());
      return new SecureRandomSource(random, "seeded for tests, not secure");
    } catch (NoSuchAlgorithmException | NoSuchProviderException e) {
      throw new IllegalStateException("SHA1PRNG from the SUN provider is not available", e);
    }
  }
}
