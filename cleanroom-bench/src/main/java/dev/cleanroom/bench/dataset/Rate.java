package dev.cleanroom.bench.dataset;

import java.util.Collections;
import java.util.List;

/**
 * Bytes per second of one operation over several rounds. The best round is the result: on a machine
 * shared with other work, interference only ever slows a round down.
 *
 * @param best the fastest round, in bytes per second
 * @param slowest the slowest round, in bytes per second
 * @param rounds how many rounds there were
 */
record Rate(double best, double slowest, int rounds) {

  static Rate of(List<Double> bytesPerSecondPerRound) {
    if (bytesPerSecondPerRound.isEmpty()) {
      throw new IllegalArgumentException("no rounds were measured");
    }
    return new Rate(Collections.max(bytesPerSecondPerRound),
        Collections.min(bytesPerSecondPerRound), bytesPerSecondPerRound.size());
  }

  /** The best round in megabytes (10^6 bytes, as {@code openssl speed} counts) per second. */
  double megabytesPerSecond() {
    return best / 1e6;
  }
}
