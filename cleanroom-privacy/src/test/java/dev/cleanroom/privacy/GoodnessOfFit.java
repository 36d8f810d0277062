package dev.cleanroom.privacy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongToDoubleFunction;
import java.util.function.LongUnaryOperator;

/**
 * Pearson's chi-square goodness-of-fit test of integer samples against a pmf given on a finite support, plus the
 * exact moments of that pmf. Cells are formed from left to right, each holding at least
 * {@link #MIN_EXPECTED} expected samples; the cells at both ends also take everything beyond the support.
 */
final class GoodnessOfFit {
  static final double MIN_EXPECTED = 20;

  private final long lowest;
  private final double[] pmf;

  /** {@code pmf[i]} is the probability of {@code lowest + i}; it is normalised here. */
  GoodnessOfFit(long lowest, double[] pmf) {
    double total = 0;
    for (double p : pmf) {
      total += p;
    }
    this.lowest = lowest;
    this.pmf = new double[pmf.length];
    for (int i = 0; i < pmf.length; i++) {
      this.pmf[i] = pmf[i] / total;
    }
  }

  /** The pmf {@code exp(-|x| / t)} (normalised later) on {@code [-60t, 60t]}, beyond which mass is below e^-60. */
  static GoodnessOfFit discreteLaplace(double scale) {
    int half = (int) Math.ceil(60 * scale);
    return symmetric(half, x -> Math.exp(-Math.abs(x) / scale));
  }

  /** The pmf {@code exp(-x^2 / (2 sigma^2))} (normalised later) on {@code [-14 sigma - 2, 14 sigma + 2]}. */
  static GoodnessOfFit discreteGaussian(double sigmaSquared) {
    int half = (int) Math.ceil(14 * Math.sqrt(sigmaSquared)) + 2;
    return symmetric(half, x -> Math.exp(-(double) x * x / (2 * sigmaSquared)));
  }

  private static GoodnessOfFit symmetric(int half, LongToDoubleFunction weight) {
    double[] pmf = new double[2 * half + 1];
    for (int i = 0; i < pmf.length; i++) {
      pmf[i] = weight.applyAsDouble(i - half);
    }
    return new GoodnessOfFit(-half, pmf);
  }

  double mean() {
    return moment(x -> x);
  }

  double variance() {
    double mean = mean();
    return centralMoment(mean, 2);
  }

  /** The standard deviation of the sample variance of {@code n} samples: {@code sqrt((mu4 - sigma^4) / n)}. */
  double sampleVarianceStandardError(int n) {
    double mean = mean();
    double variance = centralMoment(mean, 2);
    return Math.sqrt((centralMoment(mean, 4) - variance * variance) / n);
  }

  private double moment(LongUnaryOperator f) {
    double sum = 0;
    for (int i = 0; i < pmf.length; i++) {
      sum += pmf[i] * f.applyAsLong(lowest + i);
    }
    return sum;
  }

  private double centralMoment(double mean, int power) {
    double sum = 0;
    for (int i = 0; i < pmf.length; i++) {
      sum += pmf[i] * Math.pow(lowest + i - mean, power);
    }
    return sum;
  }

  /** The p-value of Pearson's statistic for {@code samples} against this pmf. */
  double pValue(long[] samples) {
    long[] counts = new long[pmf.length];
    for (long sample : samples) {
      long index = Math.max(0, Math.min(pmf.length - 1, sample - lowest));
      counts[(int) index]++;
    }
    List<double[]> cells = new ArrayList<>(); // {expected, observed}
    double expected = 0;
    double observed = 0;
    for (int i = 0; i < pmf.length; i++) {
      expected += pmf[i] * samples.length;
      observed += counts[i];
      if (expected >= MIN_EXPECTED) {
        cells.add(new double[] {expected, observed});
        expected = 0;
        observed = 0;
      }
    }
    double[] last = cells.get(cells.size() - 1);
    last[0] += expected;
    last[1] += observed;
    double statistic = 0;
    for (double[] cell : cells) {
      double difference = cell[1] - cell[0];
      statistic += difference * difference / cell[0];
    }
    return chiSquareSurvival(statistic, cells.size() - 1);
  }

  /** {@code P[chi^2_k >= statistic]}, the regularised upper incomplete gamma {@code Q(k/2, statistic/2)}. */
  static double chiSquareSurvival(double statistic, int degreesOfFreedom) {
    double a = degreesOfFreedom / 2.0;
    double x = statistic / 2.0;
    if (x <= 0) {
      return 1.0;
    }
    double logPrefactor = -x + a * Math.log(x) - logGammaOfHalfInteger(degreesOfFreedom);
    if (x < a + 1) {
      // Series for the lower function P(a, x) = e^-x x^a / Gamma(a) * sum x^n / (a (a+1) ... (a+n)).
      double term = 1 / a;
      double sum = term;
      for (int n = 1; n < 10_000 && term > sum * 1e-16; n++) {
        term *= x / (a + n);
        sum += term;
      }
      return 1 - sum * Math.exp(logPrefactor);
    }
    // Continued fraction for Q(a, x), evaluated with the modified Lentz method.
    double tiny = 1e-300;
    double b = x + 1 - a;
    double c = 1 / tiny;
    double d = 1 / b;
    double h = d;
    for (int i = 1; i < 10_000; i++) {
      double an = -i * (i - a);
      b += 2;
      d = an * d + b;
      d = Math.abs(d) < tiny ? tiny : d;
      c = b + an / c;
      c = Math.abs(c) < tiny ? tiny : c;
      d = 1 / d;
      double factor = d * c;
      h *= factor;
      if (Math.abs(factor - 1) < 1e-16) {
        break;
      }
    }
    return h * Math.exp(logPrefactor);
  }

  /** {@code ln Gamma(k / 2)} for a positive integer {@code k}, by the recurrence {@code Gamma(z + 1) = z Gamma(z)}. */
  static double logGammaOfHalfInteger(int k) {
    double z = (k % 2 == 0) ? 1.0 : 0.5;
    double log = (k % 2 == 0) ? 0.0 : 0.5 * Math.log(Math.PI);
    for (; z < k / 2.0; z += 1) {
      log += Math.log(z);
    }
    return log;
  }
}
