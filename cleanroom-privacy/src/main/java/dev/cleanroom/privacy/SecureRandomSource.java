package dev.cleanroom.privacy;

import java.math.BigInteger;
import java.security.SecureRandom;

/** {@link RandomSource} over a {@link SecureRandom}, whose methods are thread-safe. */
final class SecureRandomSource implements RandomSource {
  private final SecureRandom random;
  private final String description;

  SecureRandomSource(SecureRandom random, String description) {
    this.random = random;
    this.description = description;
  }

  @Override
  public long nextLong(long bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive");
    }
    // RandomGenerator.nextLong(bound) rejects out-of-range draws, so the result is exactly uniform.
    return random.nextLong(bound);
  }

  @Override
  public boolean nextBoolean() {
    return random.nextBoolean();
  }

  @Override
  public BigInteger nextBigInteger(BigInteger bound) {
    if (bound.signum() <= 0) {
      throw new IllegalArgumentException("bound must be positive");
    }
    if (bound.bitLength() < Long.SIZE) {
      return BigInteger.valueOf(nextLong(bound.longValueExact()));
    }
    while (true) {
      BigInteger candidate = new BigInteger(bound.bitLength(), random);
      if (candidate.compareTo(bound) < 0) {
        return candidate;
      }
    }
  }

  @Override
  public String toString() {
    return "RandomSource(" + description + ")";
  }
}
