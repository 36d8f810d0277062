package dev.cleanroom.bench.privacy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Relative errors {@code |noisy - exact| / |exact|} of repeated noisy releases of one exact value,
 * summarized by nearest-rank percentiles. Not thread-safe.
 */
final class RelativeErrors {
  private final List<Double> errors = new ArrayList<>();

  /** Adds one release of {@code exact}; {@code exact} must not be zero. */
  void add(double noisy, double exact) {
    if (exact == 0) {
      throw new IllegalArgumentException("the relative error of a release of 0 is undefined");
    }
    errors.add(Math.abs(noisy - exact) / Math.abs(exact));
  }

  int count() {
    return errors.size();
  }

  /** The nearest-rank {@code percent}-th percentile of the errors added. */
  double percentile(int percent) {
    if (errors.isEmpty()) {
      throw new IllegalStateException("no releases were added");
    }
    if (percent <= 0 || percent > 100) {
      throw new IllegalArgumentException("percentile " + percent + " is not in 1..100");
    }
    double[] sorted = errors.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
    return sorted[Math.max(rank, 1) - 1];
  }
}
