package dev.cleanroom.bench;

/**
 * Keeps measured results observable so the JIT compiler cannot discard the work that produced them.
 * Thread-safe.
 */
final class Blackhole {
  private static volatile long sink;

  private Blackhole() {}

  static void consume(long value) {
    sink += value;
  }
}
