package dev.cleanroom.bench;

import java.time.Duration;

/**
 * Operations per second of one operation run in a loop on the calling thread: first for a warm-up
 * time that is not counted, then for the measured time, in slices of about one second so that the
 * spread between slices shows how steady the rate was.
 *
 * @param operations operations completed in the measured time
 * @param seconds measured time
 * @param slowestSlicePerSecond rate of the slowest one-second slice
 * @param fastestSlicePerSecond rate of the fastest one-second slice
 */
public record Throughput(
    long operations, double seconds, double slowestSlicePerSecond, double fastestSlicePerSecond) {

  /** One operation; it returns a value derived from its result so the work cannot be skipped. */
  @FunctionalInterface
  public interface Operation {
    int run() throws Exception;
  }

  private static final long SLICE_NANOS = 1_000_000_000L;

  public double perSecond() {
    return operations / seconds;
  }

  /**
   * Runs {@code operation} for {@code warmup}, then measures it for {@code measurement}.
   *
   * @throws IllegalStateException if an operation throws
   */
  public static Throughput measure(Operation operation, Duration warmup, Duration measurement) {
    int sink = 0;
    try {
      long warmupEnd = System.nanoTime() + warmup.toNanos();
      while (System.nanoTime() < warmupEnd) {
        sink += operation.run();
      }
      long start = System.nanoTime();
      long end = start + measurement.toNanos();
      long operations = 0;
      double slowest = Double.MAX_VALUE;
      double fastest = 0;
      long sliceStart = start;
      long sliceOperations = 0;
      long now = start;
      while (now < end) {
        sink += operation.run();
        operations++;
        sliceOperations++;
        now = System.nanoTime();
        if (now - sliceStart >= Math.min(SLICE_NANOS, end - start) || now >= end) {
          double rate = sliceOperations * 1e9 / (now - sliceStart);
          slowest = Math.min(slowest, rate);
          fastest = Math.max(fastest, rate);
          sliceStart = now;
          sliceOperations = 0;
        }
      }
      Blackhole.consume(sink);
      return new Throughput(operations, (now - start) / 1e9, slowest, fastest);
    } catch (Exception e) {
      throw new IllegalStateException("the measured operation failed: " + e, e);
    }
  }
}
