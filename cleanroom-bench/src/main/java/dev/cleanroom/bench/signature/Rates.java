package dev.cleanroom.bench.signature;

import java.util.Collections;
import java.util.List;

/**
 * Operations per second of one operation over several rounds. The best round is the result: on a
 * machine shared with other work, interference only ever slows a round down.
 *
 * @param best the fastest round
 * @param slowest the slowest round
 * @param rounds how many rounds there were
 */
record Rates(double best, double slowest, int rounds) {

  static Rates of(List<Double> perRound) {
    if (perRound.isEmpty()) {
      throw new IllegalArgumentException("no rounds were measured");
    }
    return new Rates(Collections.max(perRound), Collections.min(perRound), perRound.size());
  }
}
