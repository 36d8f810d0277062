package dev.cleanroom.privacy;

import dev.cleanroom.core.CleanroomException;
import java.math.BigDecimal;
import java.util.Objects;

/** Validation shared by the mechanisms, so that they reject bad parameters with the same messages. */
final class Parameters {
  /** A subject's rows per query beyond this are refused: it keeps sensitivities far from {@code long} overflow. */
  static final long MAX_CONTRIBUTIONS = 1L << 16;

  private Parameters() {}

  static Rational positiveEpsilon(String mechanism, BigDecimal epsilon) {
    Objects.requireNonNull(epsilon, "epsilon");
    if (epsilon.signum() <= 0) {
      throw CleanroomException.invalid(mechanism + ": epsilon must be positive, got " + epsilon.toPlainString());
    }
    return Rational.fromDecimal(epsilon);
  }

  static long contributions(String mechanism, String field, long value) {
    if (value < 1 || value > MAX_CONTRIBUTIONS) {
      throw CleanroomException.invalid(mechanism + ": " + field + " must be in [1, " + MAX_CONTRIBUTIONS + "], got "
          + value);
    }
    return value;
  }

  /** {@code sensitivity / epsilon}, refused when it is beyond what the Laplace sampler accepts. */
  static Rational laplaceScale(String mechanism, long sensitivity, Rational epsilon) {
    Rational scale = Rational.of(sensitivity).divide(epsilon);
    if (scale.compareTo(DiscreteLaplace.MAX_SCALE) > 0) {
      throw CleanroomException.invalid(mechanism + ": epsilon " + epsilon + " is too small for sensitivity "
          + sensitivity + " (noise scale above 2^56)");
    }
    return scale;
  }

  static void bounds(String mechanism, double low, double high) {
    if (!Double.isFinite(low) || !Double.isFinite(high) || !(low <= high) || !Double.isFinite(high - low)) {
      throw CleanroomException.invalid(mechanism + ": bounds must be finite with low <= high, got [" + low + ", "
          + high + "]");
    }
  }
}
