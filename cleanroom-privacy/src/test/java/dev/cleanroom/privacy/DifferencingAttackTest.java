package dev.cleanroom.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/**
 * The differencing attack in miniature. An analyst asks for the count of a group with and without one target
 * person and subtracts. Without noise the difference is exactly the target's contribution; with discrete Laplace
 * noise at epsilon = 1 it is buried in noise whose spread is fixed by epsilon, whatever the data.
 */
class DifferencingAttackTest {
  private static final int TRIALS = 40_000;
  private static final long OTHERS = 5_000;

  @Test
  void differenceOfTwoNoisyCounts_estimateOfTheTarget_hasTheNoiseVariance() {
    NoisyCount count = NoisyCount.of(BigDecimal.ONE, 1);
    RandomSource random = RandomSource.insecureSeededForTests(808);
    double[] errors = new double[TRIALS];
    for (int i = 0; i < TRIALS; i++) {
      long withTarget = count.release(random, OTHERS + 1);
      long withoutTarget = count.release(random, OTHERS);
      errors[i] = (withTarget - withoutTarget) - 1;
    }
    // The estimate's error is the difference of two independent noises: variance 2 Var(Laplace_Z(1)).
    double theoretical = Math.sqrt(2 * GoodnessOfFit.discreteLaplace(1).variance());
    SampleStatistics observed = SampleStatistics.of(errors);
    assertThat(observed.standardDeviation()).isBetween(0.9 * theoretical, 1.1 * theoretical);
    assertThat(Math.abs(observed.mean())).isLessThan(5 * theoretical / Math.sqrt(TRIALS));
  }

  @Test
  void bestGuessFromOneNoisyCount_accuracy_isBoundedByEpsilon() {
    // The strongest attacker knows everyone else exactly and guesses "present" when the noisy count exceeds
    // OTHERS. Under epsilon-DP no test can be right with probability above e^eps / (1 + e^eps) for both worlds
    // equally likely; the discrete Laplace meets that bound exactly, so the empirical accuracy must be near it
    // and never meaningfully above (five standard errors).
    NoisyCount count = NoisyCount.of(BigDecimal.ONE, 1);
    RandomSource random = RandomSource.insecureSeededForTests(909);
    int correct = 0;
    for (int i = 0; i < TRIALS; i++) {
      boolean present = (i % 2) == 0;
      long released = count.release(random, OTHERS + (present ? 1 : 0));
      boolean guess = released > OTHERS;
      correct += (guess == present) ? 1 : 0;
    }
    double bound = Math.E / (1 + Math.E);
    double accuracy = (double) correct / TRIALS;
    double standardError = Math.sqrt(bound * (1 - bound) / TRIALS);
    assertThat(accuracy).isLessThanOrEqualTo(bound + 5 * standardError);
    assertThat(accuracy).isGreaterThan(bound - 5 * standardError);
  }
}
