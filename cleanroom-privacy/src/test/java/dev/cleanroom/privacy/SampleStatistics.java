package dev.cleanroom.privacy;

/** Mean and variance of a sample of integers or doubles. */
record SampleStatistics(double mean, double variance) {
  static SampleStatistics of(long[] samples) {
    double[] values = new double[samples.length];
    for (int i = 0; i < samples.length; i++) {
      values[i] = samples[i];
    }
    return of(values);
  }

  static SampleStatistics of(double[] samples) {
    double sum = 0;
    for (double sample : samples) {
      sum += sample;
    }
    double mean = sum / samples.length;
    double squares = 0;
    for (double sample : samples) {
      squares += (sample - mean) * (sample - mean);
    }
    return new SampleStatistics(mean, squares / (samples.length - 1));
  }

  double standardDeviation() {
    return Math.sqrt(variance);
  }
}
