package dev.cleanroom.privacy;

import dev.cleanroom.core.CleanroomException;

/**
 * The fixed-point grid that real values are rounded to before they are summed, so that sums are integers and can
 * take exact integer noise.
 *
 * <p>The granularity is the power of two {@code g = 2^(e - 24)} where {@code 2^e} is the smallest power of two
 * above the largest magnitude {@code M} a value may have; so {@code M / g < 2^24}, each value is represented to
 * within {@code g / 2 <= M * 2^-24}, and a value is at most {@code B = ceil(M / g)} units from zero. Dividing by a
 * power of two is exact in binary floating point, so the only rounding is the one to the nearest grid point, and
 * the result is clamped to {@code [-B, B]} explicitly so that the bound {@code B} the sensitivity rests on holds
 * whatever rounding happened before. Immutable.
 */
final class ValueGrid {
  /** Bits of resolution below the bound: values keep about 7 significant decimal digits relative to the bound. */
  static final int RESOLUTION_BITS = 24;

  private static final int SMALLEST_EXPONENT = -1000;

  private final int exponent;
  private final long maxUnits;

  private ValueGrid(int exponent, long maxUnits) {
    this.exponent = exponent;
    this.maxUnits = maxUnits;
  }

  /** The grid for values of magnitude at most {@code maxMagnitude} (finite, at least 0). */
  static ValueGrid covering(double maxMagnitude) {
    if (!(maxMagnitude >= 0) || Double.isInfinite(maxMagnitude)) {
      throw CleanroomException.invalid("clamping bounds must be finite numbers, got magnitude " + maxMagnitude);
    }
    if (maxMagnitude == 0) {
      return new ValueGrid(0, 0);
    }
    int exponent = Math.getExponent(maxMagnitude) + 1 - RESOLUTION_BITS;
    if (exponent < SMALLEST_EXPONENT) {
      throw CleanroomException.invalid("clamping bounds are too close to zero: largest magnitude " + maxMagnitude);
    }
    long maxUnits = (long) Math.ceil(Math.scalb(maxMagnitude, -exponent));
    return new ValueGrid(exponent, maxUnits);
  }

  /** The granularity {@code g} as a double (exactly a power of two). */
  double granularity() {
    return Math.scalb(1.0, exponent);
  }

  /** The {@code k} of {@code g = 2^k}. */
  int exponent() {
    return exponent;
  }

  /** {@code B}: the largest number of units a value can be from zero. */
  long maxUnits() {
    return maxUnits;
  }

  /** {@code value / g} rounded to the nearest integer (ties to even), clamped to {@code [-B, B]}; NaN gives 0. */
  long toUnits(double value) {
    if (Double.isNaN(value)) {
      return 0;
    }
    double units = Math.rint(Math.scalb(value, -exponent));
    return (long) Math.max(-maxUnits, Math.min(maxUnits, units));
  }

  /** {@code units * g} as the nearest double. */
  double fromUnits(long units) {
    return Math.scalb((double) units, exponent);
  }
}
