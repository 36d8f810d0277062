package dev.cleanroom.privacy;

import dev.cleanroom.core.CleanroomException;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * An amount of differential-privacy loss {@code (epsilon, delta)}: what one mechanism or one query costs, or what a
 * budget allows. Both parts are exact decimals so that adding costs never rounds: ten costs of {@code 0.1} add up
 * to exactly {@code 1}, and a budget meant for {@code K} queries allows exactly {@code K}.
 *
 * <p>Values are normalised (trailing zeros stripped), so {@code 1.0} and {@code 1} are equal. A
 * {@code delta} of zero is pure differential privacy.
 *
 * @param epsilon the privacy-loss bound, at least 0
 * @param delta the probability with which the epsilon bound may fail, in {@code [0, 1]}
 */
public record PrivacyCost(BigDecimal epsilon, BigDecimal delta) {
  /** No privacy loss. */
  public static final PrivacyCost ZERO = new PrivacyCost(BigDecimal.ZERO, BigDecimal.ZERO);

  public PrivacyCost {
    Objects.requireNonNull(epsilon, "epsilon");
    Objects.requireNonNull(delta, "delta");
    if (epsilon.signum() < 0) {
      throw CleanroomException.invalid("privacy cost: epsilon must be at least 0, got " + epsilon.toPlainString());
    }
    if (delta.signum() < 0 || delta.compareTo(BigDecimal.ONE) > 0) {
      throw CleanroomException.invalid("privacy cost: delta must be in [0, 1], got " + delta.toPlainString());
    }
    epsilon = epsilon.stripTrailingZeros();
    delta = delta.stripTrailingZeros();
  }

  /** A pure-DP cost {@code (epsilon, 0)}. */
  public static PrivacyCost pure(BigDecimal epsilon) {
    return new PrivacyCost(epsilon, BigDecimal.ZERO);
  }

  /** A cost from decimal text, e.g. {@code of("0.5", "1e-9")}. */
  public static PrivacyCost of(String epsilon, String delta) {
    return new PrivacyCost(parse("epsilon", epsilon), parse("delta", delta));
  }

  /**
   * A cost from doubles as a policy stores them, converted through their shortest decimal representation
   * ({@link BigDecimal#valueOf(double)}), so the double {@code 0.1} becomes exactly {@code 0.1}.
   */
  public static PrivacyCost of(double epsilon, double delta) {
    if (!Double.isFinite(epsilon) || !Double.isFinite(delta)) {
      throw CleanroomException.invalid("privacy cost: epsilon and delta must be finite numbers");
    }
    return new PrivacyCost(BigDecimal.valueOf(epsilon), BigDecimal.valueOf(delta));
  }

  /** The cost of running both this and {@code other} (basic sequential composition: epsilons add, deltas add). */
  public PrivacyCost plus(PrivacyCost other) {
    return new PrivacyCost(epsilon.add(other.epsilon), delta.add(other.delta));
  }

  /** Whether both parts of this cost are at most the corresponding parts of {@code limit}. */
  public boolean isWithin(PrivacyCost limit) {
    return epsilon.compareTo(limit.epsilon) <= 0 && delta.compareTo(limit.delta) <= 0;
  }

  /** Whether this cost is pure differential privacy ({@code delta == 0}). */
  public boolean isPure() {
    return delta.signum() == 0;
  }

  @Override
  public String toString() {
    return "(epsilon=" + epsilon.toPlainString() + ", delta=" + delta.toPlainString() + ")";
  }

  private static BigDecimal parse(String field, String text) {
    Objects.requireNonNull(text, field);
    try {
      return new BigDecimal(text.trim());
    } catch (NumberFormatException e) {
      throw CleanroomException.invalid("privacy cost: " + field + " '" + text + "' is not a decimal number");
    }
  }
}
