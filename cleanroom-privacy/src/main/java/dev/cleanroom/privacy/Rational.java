package dev.cleanroom.privacy;

import dev.cleanroom.core.CleanroomException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.Objects;

/**
 * An exact rational number {@code numerator / denominator}, always held in lowest terms with a positive
 * denominator, so that two equal values are {@link #equals equal} and hash alike.
 *
 * <p>The noise samplers take their parameters as rationals so that no floating-point rounding enters the sampling
 * path: every probability they use is a ratio of integers. Decimal inputs such as an epsilon of {@code 0.1} convert
 * exactly with {@link #fromDecimal(BigDecimal)}.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class Rational implements Comparable<Rational> {
  public static final Rational ZERO = new Rational(BigInteger.ZERO, BigInteger.ONE);
  public static final Rational ONE = new Rational(BigInteger.ONE, BigInteger.ONE);

  private final BigInteger numerator;
  private final BigInteger denominator;

  private Rational(BigInteger numerator, BigInteger denominator) {
    this.numerator = numerator;
    this.denominator = denominator;
  }

  /** The rational {@code numerator / denominator}; the denominator must not be zero. */
  public static Rational of(BigInteger numerator, BigInteger denominator) {
    Objects.requireNonNull(numerator, "numerator");
    Objects.requireNonNull(denominator, "denominator");
    if (denominator.signum() == 0) {
      throw CleanroomException.invalid("rational denominator must not be zero");
    }
    if (denominator.signum() < 0) {
      numerator = numerator.negate();
      denominator = denominator.negate();
    }
    BigInteger divisor = numerator.gcd(denominator);
    if (divisor.signum() == 0 || divisor.equals(BigInteger.ONE)) {
      return new Rational(numerator, denominator);
    }
    return new Rational(numerator.divide(divisor), denominator.divide(divisor));
  }

  /** The rational {@code numerator / denominator}; the denominator must not be zero. */
  public static Rational of(long numerator, long denominator) {
    return of(BigInteger.valueOf(numerator), BigInteger.valueOf(denominator));
  }

  /** The integer {@code value} as a rational. */
  public static Rational of(long value) {
    return new Rational(BigInteger.valueOf(value), BigInteger.ONE);
  }

  /** The exact value of a decimal: {@code 0.1} becomes {@code 1/10}. */
  public static Rational fromDecimal(BigDecimal value) {
    Objects.requireNonNull(value, "decimal");
    BigInteger unscaled = value.unscaledValue();
    int scale = value.scale();
    if (scale <= 0) {
      return of(unscaled.multiply(BigInteger.TEN.pow(-scale)), BigInteger.ONE);
    }
    return of(unscaled, BigInteger.TEN.pow(scale));
  }

  /** The exact value of a decimal written as text, such as {@code "0.25"} or {@code "1e-3"}. */
  public static Rational fromDecimal(String value) {
    Objects.requireNonNull(value, "decimal");
    try {
      return fromDecimal(new BigDecimal(value.trim()));
    } catch (NumberFormatException e) {
      throw CleanroomException.invalid("'" + value + "' is not a decimal number");
    }
  }

  public BigInteger numerator() {
    return numerator;
  }

  /** The denominator, always positive. */
  public BigInteger denominator() {
    return denominator;
  }

  /** -1, 0 or 1 as this value is negative, zero or positive. */
  public int signum() {
    return numerator.signum();
  }

  public Rational add(Rational other) {
    return of(numerator.multiply(other.denominator).add(other.numerator.multiply(denominator)),
        denominator.multiply(other.denominator));
  }

  public Rational subtract(Rational other) {
    return add(other.negate());
  }

  public Rational multiply(Rational other) {
    return of(numerator.multiply(other.numerator), denominator.multiply(other.denominator));
  }

  /** This value divided by {@code other}, which must not be zero. */
  public Rational divide(Rational other) {
    if (other.signum() == 0) {
      throw CleanroomException.invalid("division of a rational by zero");
    }
    return of(numerator.multiply(other.denominator), denominator.multiply(other.numerator));
  }

  public Rational negate() {
    return new Rational(numerator.negate(), denominator);
  }

  /** The largest integer not above this value (rounds towards negative infinity). */
  public BigInteger floor() {
    BigInteger[] quotientAndRemainder = numerator.divideAndRemainder(denominator);
    BigInteger quotient = quotientAndRemainder[0];
    return quotientAndRemainder[1].signum() < 0 ? quotient.subtract(BigInteger.ONE) : quotient;
  }

  /** The smallest integer not below this value. */
  public BigInteger ceiling() {
    return negate().floor().negate();
  }

  /** The nearest double, for display and statistics only; never use it on the sampling path. */
  public double toDouble() {
    return new BigDecimal(numerator).divide(new BigDecimal(denominator), MathContext.DECIMAL64)
        .doubleValue();
  }

  @Override
  public int compareTo(Rational other) {
    return numerator.multiply(other.denominator).compareTo(other.numerator.multiply(denominator));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Rational && numerator.equals(((Rational) other).numerator)
        && denominator.equals(((Rational) other).denominator);
  }

  @Override
  public int hashCode() {
    return 31 * numerator.hashCode() + denominator.hashCode();
  }

  /** {@code numerator/denominator}, or just the numerator when the denominator is one. */
  @Override
  public String toString() {
    return denominator.equals(BigInteger.ONE) ? numerator.toString() : numerator + "/" + denominator;
  }
}
